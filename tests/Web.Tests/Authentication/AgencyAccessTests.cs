using Domain.ReferenceData;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Web.Authentication;
using Web.Tests.TestSupport;

namespace Web.Tests.Authentication;

/// <summary>The policies and the same-agency check, evaluated by the app's own authorization service.</summary>
public class AgencyAccessTests(WebAppFactory factory) : IClassFixture<WebAppFactory>
{
    private static readonly AgencyCode Own = AgencyCode.Of("3230000");
    private static readonly AgencyCode Other = AgencyCode.Of("3011400");

    private IAuthorizationService Authorization => factory.Services.GetRequiredService<IAuthorizationService>();

    private static SignedInUser Session(string method, string[] roles, params string[] agencies) =>
        new("test:subject", "測試", method, roles, agencies, DateTimeOffset.UtcNow);

    private async Task<bool> Allowed(SignedInUser user, AgencyCode agency, Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation) =>
        (await Authorization.AuthorizeAsync(user.ToPrincipal(), agency, operation)).Succeeded;

    private async Task<bool> Allowed(SignedInUser user, string policy) =>
        (await Authorization.AuthorizeAsync(user.ToPrincipal(), policy)).Succeeded;

    [Fact]
    public async Task An_agency_user_reads_and_changes_its_own_agency_only()
    {
        var user = Session(SignInMethods.OrganisationCard, [Roles.AgencyUser], Own.Value);

        (await Allowed(user, Own, AgencyAccess.Read)).ShouldBeTrue();
        (await Allowed(user, Own, AgencyAccess.Change)).ShouldBeTrue();
        (await Allowed(user, Other, AgencyAccess.Read)).ShouldBeFalse();
        (await Allowed(user, Other, AgencyAccess.Change)).ShouldBeFalse();
    }

    [Fact]
    public async Task An_auditor_reads_every_agency_and_changes_none()
    {
        var auditor = Session(SignInMethods.PasswordAndCitizenCard, [Roles.Auditor]);

        (await Allowed(auditor, Own, AgencyAccess.Read)).ShouldBeTrue();
        (await Allowed(auditor, Other, AgencyAccess.Read)).ShouldBeTrue();
        (await Allowed(auditor, Own, AgencyAccess.Change)).ShouldBeFalse();
        (await Allowed(auditor, Policies.ReadAcrossAgencies)).ShouldBeTrue();
        (await Allowed(auditor, Policies.Administrator)).ShouldBeFalse();
    }

    [Fact]
    public async Task An_administrator_reads_across_agencies_but_does_not_act_for_one()
    {
        var admin = Session(SignInMethods.PasswordAndCitizenCard, [Roles.Administrator]);

        (await Allowed(admin, Other, AgencyAccess.Read)).ShouldBeTrue();
        (await Allowed(admin, Other, AgencyAccess.Change)).ShouldBeFalse();
        (await Allowed(admin, Policies.Administrator)).ShouldBeTrue();
        (await Allowed(admin, Policies.Reviewer)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_reviewer_passes_the_reviewer_policy_and_no_agency_check()
    {
        var reviewer = Session(SignInMethods.PasswordAndCitizenCard, [Roles.Reviewer]);

        (await Allowed(reviewer, Policies.Reviewer)).ShouldBeTrue();
        (await Allowed(reviewer, Policies.ReadAcrossAgencies)).ShouldBeFalse();
        (await Allowed(reviewer, Own, AgencyAccess.Read)).ShouldBeFalse();
    }

    /// <summary>Issue 14 point 4: a staff role is worth nothing without both factors (a password-only session, an old cookie).</summary>
    [Theory]
    [InlineData(SignInMethods.Password)]
    [InlineData(SignInMethods.CitizenCard)]
    [InlineData("")]
    public async Task Staff_policies_need_the_password_and_citizen_card_sign_in_not_just_the_role(string method)
    {
        var staff = Session(method, [Roles.Reviewer, Roles.Auditor, Roles.Administrator]);
        var proven = staff with { Method = SignInMethods.PasswordAndCitizenCard };

        foreach (var policy in new[] { Policies.Reviewer, Policies.Auditor, Policies.Administrator, Policies.ReadAcrossAgencies })
        {
            (await Allowed(staff, policy)).ShouldBeFalse($"{policy} with method '{method}'");
            (await Allowed(proven, policy)).ShouldBeTrue(policy);
        }
        (await Allowed(staff, Other, AgencyAccess.Read)).ShouldBeFalse("reading another agency is a staff right: both factors");
        (await Allowed(proven, Other, AgencyAccess.Read)).ShouldBeTrue();
    }

    [Fact]
    public async Task Card_session_policies_need_the_card_not_just_the_role()
    {
        var officerByPassword = Session(SignInMethods.Password, [Roles.CivilServant, Roles.PersonnelOfficer]);
        var citizenCard = Session(SignInMethods.CitizenCard, [Roles.CivilServant]);
        var organisationCard = Session(SignInMethods.OrganisationCard, [Roles.AgencyUser], Own.Value);

        (await Allowed(officerByPassword, Policies.PersonnelOfficer)).ShouldBeTrue();
        (await Allowed(officerByPassword, Policies.CitizenCardSession)).ShouldBeFalse();
        (await Allowed(officerByPassword, Policies.OrganisationCardSession)).ShouldBeFalse();
        (await Allowed(citizenCard, Policies.CitizenCardSession)).ShouldBeTrue();
        (await Allowed(organisationCard, Policies.OrganisationCardSession)).ShouldBeTrue();
        (await Allowed(organisationCard, Policies.PersonnelOfficer)).ShouldBeFalse();
    }

    [Fact]
    public async Task An_anonymous_user_passes_nothing()
    {
        var anonymous = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());

        (await Authorization.AuthorizeAsync(anonymous, Policies.SignedIn)).Succeeded.ShouldBeFalse();
        (await Authorization.AuthorizeAsync(anonymous, Own, AgencyAccess.Read)).Succeeded.ShouldBeFalse();
    }
}
