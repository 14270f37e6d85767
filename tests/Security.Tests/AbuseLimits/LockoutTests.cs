using System.Net;
using System.Text.Json;
using Security.Tests.Harness;

namespace Security.Tests.AbuseLimits;

/// <summary>Issue 14 point 5: wrong passwords lock the account out for the address they came from, not for its owner.</summary>
public class LockoutTests(SecureDeployment deployment) : IClassFixture<SecureDeployment>
{
    [Fact]
    public async Task Five_wrong_passwords_from_a_stranger_lock_the_stranger_out_and_the_owner_still_signs_in()
    {
        using var stranger = new Visitor(deployment, "192.0.2.66");
        using var owner = new Visitor(deployment, "10.20.30.40");
        await stranger.GetAsync("/Account/SignIn");
        var before = await deployment.Store.HeadAsync();

        for (var i = 0; i < 5; i++)
            await stranger.PostAsync("/Account/SignIn?handler=Password", ("Input.Account", SecureDeployment.StaffAccount), ("Input.Password", $"guess number {i}"));
        var (strangerWithThePassword, _) = await stranger.PostAsync("/Account/SignIn?handler=Password",
            ("Input.Account", SecureDeployment.StaffAccount), ("Input.Password", SecureDeployment.StaffPassword));
        await owner.GetAsync("/Account/SignIn");
        var (_, ownerPassword) = await owner.PostAsync("/Account/SignIn?handler=Password",
            ("Input.Account", SecureDeployment.StaffAccount), ("Input.Password", SecureDeployment.StaffPassword));
        var (ownerSignIn, _) = await owner.PostAsync("/Account/SignIn?handler=VerifyStaffCard", ("CardStep.Challenge", owner.Challenge!),
            ("CardStep.Token", CardTokens.Sign(SecureDeployment.StaffCard, deployment.PublicOrigin.GetLeftPart(UriPartial.Authority), owner.Challenge!)));

        strangerWithThePassword.StatusCode.ShouldBe(HttpStatusCode.OK, "locked out at the stranger's address: the form again, not a session");
        ownerPassword.ShouldContain("staff-password-ok", customMessage: "the owner's password is accepted at their address: the card step follows");
        ownerSignIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ownerSignIn.Headers.Location!.ToString().ShouldBe("/Account/MyArea");
        var events = await deployment.Store.EventsAfterAsync(before);
        var lockout = events.SingleOrDefault(e => e.Type == "PasswordAccountLockedOut.v2") ?? throw new ShouldAssertException(string.Join(", ", events.Select(e => e.Type)));
        JsonDocument.Parse(lockout.Data).RootElement.GetProperty("from").GetString().ShouldBe("192.0.2.66");
        events.Select(e => e.Type).ShouldContain("PasswordSignInSucceeded.v2");
    }
}
