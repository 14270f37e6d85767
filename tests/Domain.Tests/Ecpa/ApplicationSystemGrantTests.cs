using Domain.Ecpa;
using Domain.ReferenceData;
using Domain.Registration;
using Domain.Tests.Support;
using static Domain.Tests.People.EcpaExamples;

namespace Domain.Tests.Ecpa;

public class ApplicationSystemGrantTests
{
    private static readonly ApplicationSystemCatalogue Catalogue = ApplicationSystemCatalogue.InForce(Today)!;
    private static readonly CertificateKey OrganisationKey = new("GCAKEY", "0C01");

    private static DeciderSpecification<ApplicationSystemGrantDecider, AgencyApplicationGrants, ApplicationSystemGrantCommand, ApplicationSystemGrantEvent>.Scenario Given(params ApplicationSystemGrantEvent[] history) =>
        DeciderSpecification<ApplicationSystemGrantDecider, AgencyApplicationGrants, ApplicationSystemGrantCommand, ApplicationSystemGrantEvent>.Given(history);

    private static Grantee Wang(params PersonnelRecord[] reports) => new(WangKey, WangId.Masked, "王小明", "wangxm", reports.Length == 0 ? [Report()] : reports);

    private static IssueApplicationSystemGrants Issue(string system = "HRDATA", string right = "SUBMIT", params Grantee[] people) =>
        new(Guid.NewGuid(), Agency, "cert:GCAKEY:0C01", Now, OrganisationKey, Catalogue, system, right, people.Length == 0 ? [Wang()] : people);

    private static ApplicationSystemGrantIssued Issued() =>
        new(Agency.Value, "HRDATA", "人事資料報送系統", "SUBMIT", "報送資料權限", "2026-01", WangKey, WangId.Masked, "王小明", "wangxm", "GCAKEY", "0C01", "cert:GCAKEY:0C01", Now);

    private static RevokeApplicationSystemGrant Revoke() => new(Guid.NewGuid(), Agency, "cert:GCAKEY:0C01", Now, OrganisationKey, "HRDATA", "SUBMIT", WangKey);

    [Fact]
    public void A_current_member_of_the_agency_is_granted_the_right_with_the_catalogue_version() =>
        Given().When(Issue()).Then(Issued());

    [Fact]
    public void The_catalogue_in_force_names_the_seed_s_報送資料權限()
    {
        Catalogue.Version.ShouldBe("2026-01");
        Catalogue.Systems.ShouldAllBe(s => s.Rights.Count > 0);
        Catalogue.System("HRDATA")!.Right("SUBMIT")!.Name.ShouldBe("報送資料權限");
        ApplicationSystemCatalogue.InForce(new DateOnly(2025, 12, 31)).ShouldBeNull();
    }

    [Fact]
    public void An_unknown_system_or_right_is_refused_at_its_field()
    {
        Given().When(Issue(system: "NOPE")).ThenRejects("system-unknown", ApplicationSystemGrantFields.SystemCode);
        Given().When(Issue(right: "MANAGE")).ThenRejects("right-unknown", ApplicationSystemGrantFields.RightCode);
    }

    [Fact]
    public void Someone_must_be_ticked() =>
        Given().When(Issue() with { People = [] }).ThenRejects("people-required", ApplicationSystemGrantFields.People);

    [Fact]
    public void A_person_without_records_in_effect_is_refused_naming_the_masked_id() =>
        Given().When(Issue(people: Wang(Report(reportedOn: Today)))).ThenRejects("person-not-in-records").Message.ShouldContain(WangId.Masked);

    [Fact]
    public void A_departed_person_is_refused() =>
        Given().When(Issue(people: Wang(Report(status: EmploymentStatus.Departed)))).ThenRejects("person-departed");

    [Fact]
    public void A_person_of_another_agency_is_refused() =>
        Given().When(Issue(people: Wang(Report(agency: OtherAgency)))).ThenRejects("person-not-in-agency");

    [Fact]
    public void Granting_a_right_already_held_decides_nothing() =>
        Given(Issued()).When(Issue()).ThenNothing();

    [Fact]
    public void After_a_revocation_the_right_can_be_granted_again() =>
        Given(Issued(), new ApplicationSystemGrantRevoked(Agency.Value, "HRDATA", "SUBMIT", WangKey, WangId.Masked, "王小明", "GCAKEY", "0C01", "x", Now))
            .When(Issue()).Then(Issued());

    [Fact]
    public void A_held_right_is_revoked_with_the_person_and_the_card_recorded() =>
        Given(Issued()).When(Revoke())
            .Then(new ApplicationSystemGrantRevoked(Agency.Value, "HRDATA", "SUBMIT", WangKey, WangId.Masked, "王小明", "GCAKEY", "0C01", "cert:GCAKEY:0C01", Now));

    [Fact]
    public void Revoking_a_right_never_granted_is_refused_and_revoking_twice_decides_nothing()
    {
        Given().When(Revoke()).ThenRejects("grant-not-found");
        Given(Issued(), new ApplicationSystemGrantRevoked(Agency.Value, "HRDATA", "SUBMIT", WangKey, WangId.Masked, "王小明", "GCAKEY", "0C01", "x", Now))
            .When(Revoke()).ThenNothing();
    }

    [Fact]
    public void The_stream_is_named_after_the_agency() =>
        AgencyApplicationGrants.StreamName(Agency).ShouldBe("ecpa-grants-3230000");
}
