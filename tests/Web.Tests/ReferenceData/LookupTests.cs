using Domain.Certificates;
using Domain.Common;
using Domain.ReferenceData;
using TestPki;
using ReadModels.ReferenceData;

namespace Web.Tests.ReferenceData;

/// <summary>The query services the features call, over imported files.</summary>
public class LookupTests(ReferenceDataApp app) : IClassFixture<ReferenceDataApp>
{
    private const string PersonnelHeader = "national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on\n";

    private static DateTimeOffset Taiwan(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));

    [Fact]
    public async Task The_directory_answers_by_code_and_by_OID_and_an_import_replaces_it()
    {
        await app.ImportAsync(ReferenceDataKind.AgencyDirectory, """
            code,name,expected_oids,review_desk
            3230000,行政院人事行政總處,2.16.886.101.20003.20012,承保第一科
            12345,範例縣政府,2.16.886.101.20003.20065;2.16.886.101.20003.20065.1,承保第二科
            3011400,財政資訊中心,2.16.886.101.20003.20065,承保第一科
            """);
        var directory = app.Get<AgencyDirectoryLookup>();

        var found = (await directory.FindAsync(AgencyCode.Of("12345"))).ShouldNotBeNull();
        (found.Name, found.ReviewDesk).ShouldBe(("範例縣政府", "承保第二科"));
        found.ExpectedOids.ShouldBe(["2.16.886.101.20003.20065", "2.16.886.101.20003.20065.1"]);
        (await directory.FindByOidAsync("2.16.886.101.20003.20065")).Select(e => e.Code.Value).ShouldBe(["12345", "3011400"]);
        (await directory.CountAsync()).ShouldBe(3);

        await app.ImportAsync(ReferenceDataKind.AgencyDirectory, "code,name,expected_oids,review_desk\n3011400,財政部財政資訊中心,,承保第一科\n");

        (await directory.FindAsync(AgencyCode.Of("12345"))).ShouldBeNull();
        (await directory.FindByOidAsync("2.16.886.101.20003.20065")).ShouldBeEmpty();
        (await directory.FindAsync(AgencyCode.Of("3011400"))).ShouldNotBeNull().Name.ShouldBe("財政部財政資訊中心");
    }

    [Fact]
    public async Task A_report_counts_from_the_day_after_it_was_reported_and_a_move_keeps_the_person_current()
    {
        var lin = NationalId.WithCheckDigit("F22345678");
        await app.ImportAsync(ReferenceDataKind.Personnel, PersonnelHeader + $"{lin.Value},林新任,lin.new,current,01,秘書室,,3230000,2026-11-20\n");
        var personnel = app.Get<PersonnelLookup>();

        (await personnel.LookUpAsync(lin, new DateOnly(2026, 11, 20))).Status.ShouldBe(PersonnelLookupStatus.NotYetEffective);
        (await personnel.FindAsync(lin, new DateOnly(2026, 11, 20))).ShouldBeNull();
        var record = (await personnel.FindAsync(lin, new DateOnly(2026, 11, 21))).ShouldNotBeNull();
        record.ShouldBe(new PersonnelRecord(lin, "林新任", "lin.new", EmploymentStatus.Current, "01", "秘書室", null, AgencyCode.Of("3230000"), new DateOnly(2026, 11, 20)));

        // Moved: the new agency reports them current on 12-01, the old one reports the departure on 12-05.
        await app.ImportAsync(ReferenceDataKind.Personnel, PersonnelHeader
            + $"{lin.Value},林新任,lin.new,current,08,人事室,,12345,2026-12-01\n{lin.Value},林新任,lin.new,departed,01,秘書室,,3230000,2026-12-05\n");

        var after = await personnel.LookUpAsync(lin, new DateOnly(2026, 12, 10));
        (after.Standing!.Agency.Value, after.IsCurrent, after.IsPersonnelOfficer).ShouldBe(("12345", true, true));
        after.EffectiveReports.Count.ShouldBe(2);
        (await personnel.IsPersonnelOfficerAsync(lin, new DateOnly(2026, 12, 1))).ShouldBeFalse();
        (await personnel.LookUpByAccountAsync("LIN.NEW", new DateOnly(2026, 12, 10))).Standing!.IdLastFour.ShouldBe(lin.LastFour);
    }

    [Fact]
    public async Task Someone_whose_only_agency_reported_the_departure_is_found_departed()
    {
        var chen = NationalId.WithCheckDigit("B12345670");
        await app.ImportAsync(ReferenceDataKind.Personnel, PersonnelHeader
            + $"{chen.Value},陳離職,,current,01,秘書室,5,3230000,2025-01-05\n{chen.Value},陳離職,,departed,01,秘書室,5,3230000,2026-03-01\n");

        var result = await app.Get<PersonnelLookup>().LookUpAsync(chen, new DateOnly(2026, 3, 2));

        (result.Status, result.IsCurrent, result.IsPersonnelOfficer).ShouldBe((PersonnelLookupStatus.Found, false, false));
        (await app.Get<PersonnelLookup>().IsPersonnelOfficerAsync(chen, new DateOnly(2026, 3, 1))).ShouldBeTrue();
        (await app.Get<PersonnelLookup>().LookUpByAccountAsync("nobody", new DateOnly(2026, 3, 2))).Status.ShouldBe(PersonnelLookupStatus.NotFound);
    }

    [Fact]
    public async Task The_next_business_day_skips_weekends_and_holidays_and_counts_make_up_days()
    {
        await app.ImportAsync(ReferenceDataKind.HolidayCalendar, """
            date,name,kind
            2025-01-27,除夕前一日（調整放假）,holiday
            2025-01-28,農曆除夕,holiday
            2025-01-29,春節,holiday
            2025-01-30,春節,holiday
            2025-01-31,春節,holiday
            2025-02-08,補行上班,workday
            2025-10-10,國慶日,holiday
            """);
        var calendar = app.Get<OfficeCalendar>();

        (await calendar.NextBusinessDayAsync(new DateOnly(2025, 1, 24))).ShouldBe(new DateOnly(2025, 2, 3));
        (await calendar.NextBusinessDayAsync(new DateOnly(2025, 2, 7))).ShouldBe(new DateOnly(2025, 2, 8));
        (await calendar.NextBusinessDayAsync(new DateOnly(2025, 10, 9))).ShouldBe(new DateOnly(2025, 10, 13));
        (await calendar.IsBusinessDayAsync(new DateOnly(2025, 10, 10))).ShouldBe(false);
        (await calendar.IsBusinessDayAsync(new DateOnly(2024, 10, 10))).ShouldBeNull();
        (await calendar.NextBusinessDayAsync(new DateOnly(2025, 12, 31))).ShouldBeNull();
    }

    [Fact]
    public async Task The_terms_in_force_follow_the_Taiwan_day_of_the_instant()
    {
        const string first = "第一版：請妥善保管機關憑證。";
        const string second = "第二版：請妥善保管機關憑證並定期檢視授權。";
        var later = RocDate.TaiwanDate(app.Get<TimeProvider>().GetUtcNow()).AddDays(10);
        await app.ImportAsync(ReferenceDataKind.TermsOfUse, $"version,effective_from,text_sha256\nt-1,2025-01-01,{TermsOfUse.HashText(first)}\n", ("first.txt", first));
        await app.ImportAsync(ReferenceDataKind.TermsOfUse, $"version,effective_from,text_sha256\nt-2,{ReferenceDataImportPlan.Day(later)},{TermsOfUse.HashText(second)}\n", ("second.txt", second));
        var terms = app.Get<TermsOfUseLookup>();
        var midnight = Taiwan(later);

        (await terms.InForceAsync(midnight.AddMinutes(-1))).ShouldNotBeNull().Version.ShouldBe("t-1");
        var inForce = (await terms.InForceAsync(midnight)).ShouldNotBeNull();
        (inForce.Version, inForce.Text, inForce.TextSha256).ShouldBe(("t-2", second, TermsOfUse.HashText(second)));
        (await terms.InForceAsync(Taiwan(new DateOnly(2025, 1, 1)).AddSeconds(-1))).ShouldBeNull();
        (await terms.GetAsync()).InForce(later).ShouldNotBeNull().Version.ShouldBe("t-2");
        (await terms.FindAsync("t-1")).ShouldNotBeNull().Text.ShouldBe(first);
    }

    [Fact]
    public async Task The_catalogue_in_force_is_the_latest_version_effective_that_day_with_its_tree()
    {
        await app.ImportAsync(ReferenceDataKind.FunctionCatalogue, ReferenceDataSeeds.FunctionCatalogueCsv);
        var next = RocDate.TaiwanDate(app.Get<TimeProvider>().GetUtcNow()).AddDays(30);
        await app.ImportAsync(ReferenceDataKind.FunctionCatalogue,
            $"version,effective_from,code,name,parent\nnext,{ReferenceDataImportPlan.Day(next)},01,保費申報作業,\nnext,{ReferenceDataImportPlan.Day(next)},0101,異動登錄,01\n");
        var catalogues = app.Get<FunctionCatalogueLookup>();

        var current = (await catalogues.InForceAsync(Taiwan(next).AddSeconds(-1))).ShouldNotBeNull();
        current.Version.ShouldBe("2022-11");
        current.Roots.Select(f => f.Name).ShouldBe(["保費申報作業", "給付試算作業", "給付申辦作業", "一般查詢作業"]);
        current.LeavesUnder("01").ShouldBe(["0101", "0102", "0103", "0104", "0105", "0106", "0107"]);
        current.IsGrantable("01").ShouldBeFalse();
        (await catalogues.InForceAsync(Taiwan(next))).ShouldNotBeNull().Functions.Count.ShouldBe(2);
        (await catalogues.FindAsync("2022-11")).ShouldNotBeNull().Functions.Count.ShouldBe(14);
        (await app.PrepareAsync(ReferenceDataKind.FunctionCatalogue, ReferenceDataSeeds.FunctionCatalogueCsv)).Problems.ShouldHaveSingleItem().Code.ShouldBe("nothing-new");
    }

    [Fact]
    public async Task The_trust_list_reads_back_certificates_and_the_deny_list()
    {
        var pki = TestPkiCache.Get();
        string Row(string kind, string role, string ca) => $"{kind},{role},{ca},{Convert.ToBase64String(pki.Ca(ca).CertificateDer())}";
        await app.ImportAsync(ReferenceDataKind.TrustAnchors, string.Join("\n", "kind,role,name,certificate",
            Row("organisation", "anchor", "grca-g2"), Row("citizen", "anchor", "grca-g2"), Row("citizen", "issuing", "moica-g2"), Row("any", "denied", "test-gca")) + "\n");

        var list = await app.Get<TrustListLookup>().AllAsync();

        list.Select(e => (e.Kind, e.Role, e.Name)).ShouldBe([
            (CertificateKind.Organisation, TrustRole.Anchor, "grca-g2"), (CertificateKind.Citizen, TrustRole.Anchor, "grca-g2"),
            (CertificateKind.Citizen, TrustRole.Issuing, "moica-g2"), (CertificateKind.Unknown, TrustRole.Denied, "test-gca"),
        ]);
        list[2].CertificateDer.ShouldBe(pki.Ca("moica-g2").CertificateDer());
        list[3].SubjectKeyId.ShouldBe(pki.Ca("test-gca").SubjectKeyId);
    }
}
