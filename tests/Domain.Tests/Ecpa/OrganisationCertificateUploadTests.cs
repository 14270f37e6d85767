using Domain.Ecpa;
using Domain.People;
using Domain.ReferenceData;
using Domain.Tests.Support;
using static Domain.Tests.People.EcpaExamples;

namespace Domain.Tests.Ecpa;

public class OrganisationCertificateUploadTests
{
    private static DeciderSpecification<OrganisationCertificateDecider, AgencyCertificate, BindOrganisationCertificate, EcpaAgencyEvent>.Scenario Given(params EcpaAgencyEvent[] history) =>
        DeciderSpecification<OrganisationCertificateDecider, AgencyCertificate, BindOrganisationCertificate, EcpaAgencyEvent>.Given(history);

    private static BindOrganisationCertificate Upload(
        PersonnelRecord[]? reports = null, Domain.Certificates.CertificateFacts? card = null, AgencyDirectoryEntry? entry = null, string? boundTo = null, DateTimeOffset? at = null) =>
        new(Guid.NewGuid(), Agency, "ecpa:wangxm", at ?? Now, card ?? OrganisationCard(), "GC01000000000001",
            entry ?? DirectoryEntry, new Uploader(WangKey, "王小明", reports ?? [Report(category: "08")]), boundTo);

    private static OrganisationCertificateBound Bound(string serial = "0C01", string? previous = null) =>
        new(Agency.Value, "行政院人事行政總處", CertificateInfos.Organisation(OrganisationCard(serial), "GC01000000000001"),
            previous is null ? null : "GCAKEY", previous, WangKey, "王小明", "ecpa:wangxm", Now);

    [Fact]
    public void Category_08_alone_makes_the_uploader_a_personnel_officer() =>
        Given().When(Upload([Report(category: "08")])).Then(Bound());

    [Fact]
    public void A_service_unit_containing_人事_alone_makes_the_uploader_a_personnel_officer() =>
        Given().When(Upload([Report(unit: "人事室")])).Then(Bound());

    [Fact]
    public void Concurrent_duty_5_alone_makes_the_uploader_a_personnel_officer() =>
        Given().When(Upload([Report(duty: "5")])).Then(Bound());

    [Fact]
    public void Staff_meeting_no_condition_may_not_upload() =>
        Given().When(Upload([Report(category: "01", unit: "秘書室", duty: "3")])).ThenRejects("not-a-personnel-officer");

    [Fact]
    public void A_departed_personnel_officer_may_not_upload() =>
        Given().When(Upload([Report(category: "08", unit: "人事室", duty: "5", status: EmploymentStatus.Departed)])).ThenRejects("not-a-personnel-officer");

    [Theory]
    [InlineData("08", "秘書室", null)]
    [InlineData("01", "人事室", null)]
    [InlineData("01", "秘書室", "5")]
    public void Departed_staff_may_not_upload_whichever_condition_they_meet(string category, string unit, string? duty) =>
        Given().When(Upload([Report(category: category, unit: unit, duty: duty, status: EmploymentStatus.Departed)])).ThenRejects("not-a-personnel-officer");

    [Fact]
    public void A_departure_reported_today_takes_effect_tomorrow_so_the_officer_may_still_upload_today()
    {
        var departure = Report(category: "08", status: EmploymentStatus.Departed, reportedOn: Today);
        Given().When(Upload([Report(category: "08"), departure])).Then(Bound());
        Given().When(Upload([Report(category: "08"), departure], at: Now.AddDays(1))).ThenRejects("not-a-personnel-officer");
    }

    [Fact]
    public void A_record_counts_from_the_day_after_it_was_reported()
    {
        Given().When(Upload([Report(category: "08", reportedOn: Today)])).ThenRejects("not-a-personnel-officer");
        Given().When(Upload([Report(category: "08", reportedOn: Today.AddDays(-1))])).Then(Bound());
    }

    [Fact]
    public void The_latest_report_of_the_agency_decides_so_a_later_transfer_out_of_人事_ends_the_role() =>
        Given().When(Upload([Report(unit: "人事室", reportedOn: new DateOnly(2025, 1, 6)), Report(unit: "秘書室", reportedOn: new DateOnly(2026, 3, 2))]))
            .ThenRejects("not-a-personnel-officer");

    [Fact]
    public void A_citizen_card_is_not_an_organisation_certificate() =>
        Given().When(Upload(card: CitizenCard())).ThenRejects("not-an-organisation-certificate", OrganisationUploadFields.Certificate);

    [Fact]
    public void An_agency_missing_from_the_directory_is_refused_at_the_agency_code()
    {
        var upload = Upload() with { DirectoryEntry = null };
        Given().When(upload).ThenRejects("agency-not-in-directory", OrganisationUploadFields.AgencyCode);
    }

    [Fact]
    public void A_certificate_whose_OID_the_directory_does_not_expect_for_the_agency_is_refused() =>
        Given().When(Upload(card: OrganisationCard(oid: "2.16.886.101.20003.20065")))
            .ThenRejects("oid-does-not-match-agency", OrganisationUploadFields.AgencyCode).Message.ShouldContain("2.16.886.101.20003.20065");

    [Fact]
    public void An_officer_of_another_agency_may_not_bind_this_agency_s_certificate() =>
        Given().When(Upload([Report(category: "08", agency: OtherAgency)])).ThenRejects("not-officer-of-agency", OrganisationUploadFields.AgencyCode);

    [Fact]
    public void A_certificate_bound_to_another_agency_is_refused() =>
        Given().When(Upload(boundTo: OtherAgency.Value)).ThenRejects("certificate-bound-to-another-agency", OrganisationUploadFields.Certificate);

    [Fact]
    public void Uploading_the_bound_certificate_again_decides_nothing() =>
        Given(Bound()).When(Upload(boundTo: Agency.Value)).ThenNothing();

    [Fact]
    public void A_new_certificate_replaces_the_one_bound_and_names_it() =>
        Given(Bound("0C01")).When(Upload(card: OrganisationCard("0C02"))).Then(Bound("0C02", previous: "0C01"));
}
