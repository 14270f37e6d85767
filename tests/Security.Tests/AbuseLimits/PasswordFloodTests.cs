using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Security.Tests.Harness;
using Web.Authentication.Passwords;

namespace Security.Tests.AbuseLimits;

/// <summary>Argon2 at the production cost (64 MiB, 2 passes), two at a time and two waiting, as shipped.</summary>
public sealed class ProductionCostDeployment : SecureDeployment
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Authentication:Passwords:MemoryKiB", "65536"),
        new("Authentication:Passwords:Iterations", "2"),
    ];
}

/// <summary>Issue 14 point 5: a flood of password posts is answered "busy" at once instead of queueing every sign-in behind it.</summary>
public class PasswordFloodTests(ProductionCostDeployment deployment) : IClassFixture<ProductionCostDeployment>
{
    [Fact]
    public async Task Two_hundred_concurrent_password_posts_do_not_delay_a_card_sign_in_or_a_password_sign_in_beyond_two_seconds()
    {
        // 200 posts from 200 addresses for 200 accounts: no rate limit applies, every one reaches the hasher.
        var flood = Enumerable.Range(0, 200).Select(async i =>
        {
            using var attacker = new Visitor(deployment, $"198.18.{i / 250}.{i % 250 + 1}");
            await attacker.GetAsync("/Account/SignIn");
            var (_, html) = await attacker.PostAsync("/Account/SignIn?handler=Password", ("Input.Account", $"flood{i}"), ("Input.Password", "not the password"));
            return html.Contains("目前同時登入的人太多", StringComparison.Ordinal);
        }).ToList();
        var hasher = deployment.Services.GetRequiredService<PasswordHasher>();
        await WaitUntilAsync(() => hasher.Verifications >= 2);

        using var cardHolder = new Visitor(deployment, "10.1.1.1");
        await cardHolder.GetAsync("/Account/SignIn");
        var token = CardTokens.Sign("citizen-moica2-rsa", deployment.PublicOrigin.GetLeftPart(UriPartial.Authority), cardHolder.Challenge!);
        var card = Stopwatch.StartNew();
        var (cardAnswer, cardPage) = await cardHolder.PostAsync("/Account/SignIn?handler=VerifyCitizenCard", ("CardStep.Challenge", cardHolder.Challenge!), ("CardStep.Token", token));
        card.Stop();

        using var staff = new Visitor(deployment, "10.1.1.2");
        await staff.GetAsync("/Account/SignIn");
        var password = Stopwatch.StartNew();
        var (passwordAnswer, passwordPage) = await staff.PostAsync("/Account/SignIn?handler=Password",
            ("Input.Account", SecureDeployment.StaffAccount), ("Input.Password", SecureDeployment.StaffPassword));
        password.Stop();
        var busy = await Task.WhenAll(flood);

        cardAnswer.StatusCode.ShouldBe(HttpStatusCode.OK);
        cardPage.ShouldContain("找不到這張自然人憑證的帳號資訊", customMessage: "the card was verified and its account looked up");
        card.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        // The password proven (the card step follows), or told at once that sign-in is busy: never stuck behind the flood.
        passwordAnswer.StatusCode.ShouldBe(HttpStatusCode.OK);
        (passwordPage.Contains("staff-password-ok", StringComparison.Ordinal) || passwordPage.Contains("目前同時登入的人太多", StringComparison.Ordinal)).ShouldBeTrue();
        password.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        busy.Count(b => b).ShouldBeGreaterThan(150, "most of the flood is answered busy instead of queued");
        hasher.Verifications.ShouldBeLessThan(60);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!condition())
            await timer.WaitForNextTickAsync(deadline.Token);
    }
}
