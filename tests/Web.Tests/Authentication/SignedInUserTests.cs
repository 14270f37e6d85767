using System.Security.Claims;
using Web.Authentication;

namespace Web.Tests.Authentication;

public class SignedInUserTests
{
    private static readonly SignedInUser Officer = new(
        "ecpa:wangxm", "王小明", SignInMethods.Password, [Roles.CivilServant, Roles.PersonnelOfficer], [], new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero),
        PersonKey: "0123456789abcdef0123456789abcdef", Account: "wangxm", MaskedNationalId: "A12****789");

    [Fact]
    public void A_session_round_trips_through_its_claims()
    {
        var back = SignedInUser.From(Officer.ToPrincipal())!;

        (back with { Roles = Officer.Roles, Agencies = Officer.Agencies }).ShouldBe(Officer);
        back.Roles.ShouldBe(Officer.Roles);
        back.Agencies.ShouldBeEmpty();
        back.IsInRole(Roles.PersonnelOfficer).ShouldBeTrue();
        Officer.ToPrincipal().IsInRole(Roles.PersonnelOfficer).ShouldBeTrue();
        Officer.ToPrincipal().Identity!.Name.ShouldBe("王小明");
    }

    [Fact]
    public void No_claim_carries_a_national_id()
    {
        var claims = Officer.ToPrincipal().Claims.Select(c => c.Value).ToList();

        claims.ShouldNotContain(v => System.Text.RegularExpressions.Regex.IsMatch(v, "[A-Z][0-9]{9}"));
        claims.ShouldContain("A12****789");
    }

    [Fact]
    public void An_anonymous_principal_is_no_session_and_has_no_actor()
    {
        SignedInUser.From(new ClaimsPrincipal(new ClaimsIdentity())).ShouldBeNull();
        Should.Throw<InvalidOperationException>(() => new ClaimsPrincipal(new ClaimsIdentity()).Actor());
        Officer.ToPrincipal().Actor().ShouldBe("ecpa:wangxm");
    }
}
