using System.Globalization;
using System.Text;
using Domain.Common;
using Domain.ReferenceData;
using EventStore;
using EventStore.Serialization;
using Web.ReferenceData;
using ReadModels.ReferenceData;

namespace Web.Tests.ReferenceData;

/// <summary>The one import path: a bad file writes nothing, a good one is appended whole in one call, at the revision it was checked against.</summary>
public class ReferenceDataImporterTests(ReferenceDataApp app) : IClassFixture<ReferenceDataApp>
{
    private const string PersonnelHeader = "national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on\n";
    private static readonly DateOnly Day = new(2026, 6, 1);

    private static string Id(int n) => NationalId.WithCheckDigit($"K1{n:0000000}").Value;

    [Fact]
    public async Task A_file_with_bad_rows_is_reported_row_by_row_with_IDs_masked_and_writes_nothing()
    {
        var head = await app.Store.ReadHeadPositionAsync();
        var csv = PersonnelHeader
            + $"{Id(1)},甲,,current,01,秘書室,,3230000,2026-01-05\n"
            + "A123456788,乙,,current,01,秘書室,,3230000,2026-01-05\n"
            + $"{Id(1)},甲,,current,01,秘書室,,3230000,2026-01-05\n"
            + $"{Id(2)},丙,,retired,1,秘書室,,3230000,2026-13-01\n";

        var prepared = await app.PrepareAsync(ReferenceDataKind.Personnel, csv);

        prepared.IsValid.ShouldBeFalse();
        prepared.Problems.Select(p => (p.Line, p.Column, p.Code)).ShouldBe([
            (3, "national_id", "national-id-invalid"),
            (4, null, "record-repeated"),
            (5, "status", "status-invalid"),
            (5, "category", "category-invalid"),
            (5, "reported_on", "date-invalid"),
        ]);
        prepared.Problems.ShouldAllBe(p => !p.Message.Contains(Id(1), StringComparison.Ordinal));
        prepared.Problems.Single(p => p.Code == "record-repeated").Message.ShouldContain(NationalId.Parse(Id(1)).Id!.Value.Masked);
        (await app.Store.ReadHeadPositionAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task An_ID_shaped_value_echoed_in_a_message_is_masked()
    {
        var prepared = await app.PrepareAsync(ReferenceDataKind.Personnel, PersonnelHeader + $"{Id(3)},甲,,current,{Id(4)},秘書室,,3230000,2026-01-05\n");

        var message = prepared.Problems.ShouldHaveSingleItem().Message;
        message.ShouldNotContain(Id(4));
        message.ShouldContain(Id(4)[..3] + "****" + Id(4)[7..]);
    }

    [Fact]
    public async Task A_file_that_is_not_UTF8_is_refused_before_it_is_read()
    {
        var big5 = new byte[] { 0x63, 0x6F, 0x64, 0x65, 0x0A, 0xA4, 0xA4, 0xB5, 0xD8 }; // "code\n" then 中華 in Big5
        var prepared = await app.Get<ReferenceDataImporter>().PrepareAsync(ReferenceDataKind.AgencyDirectory, new ReferenceDataFile("big5.csv", big5));

        prepared.Problems.ShouldHaveSingleItem().Code.ShouldBe("not-utf8");
        prepared.Problems[0].Message.ShouldContain("UTF-8");
    }

    [Fact]
    public async Task A_file_with_a_header_and_no_rows_is_refused()
    {
        (await app.PrepareAsync(ReferenceDataKind.AgencyDirectory, "code,name,expected_oids,review_desk\n")).Problems.ShouldHaveSingleItem().Code.ShouldBe("no-rows");
    }

    [Fact]
    public async Task A_large_personnel_file_is_appended_in_one_call_and_the_lookups_answer()
    {
        const int rows = 50_000;
        var csv = new StringBuilder(PersonnelHeader, rows * 80);
        for (var i = 0; i < rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{NationalId.WithCheckDigit($"L2{i:0000000}").Value},人員{i},big{i},current,{(i % 100 == 0 ? "08" : "01")},秘書室,,3230000,2026-01-05\n");
        var before = await app.Store.ReadHeadPositionAsync();

        var receipt = await app.ImportAsync(ReferenceDataKind.Personnel, csv.ToString());

        receipt.RowCount.ShouldBe(rows);
        receipt.EventCount.ShouldBe(11);
        var events = await app.Store.ReadAllAsync(Direction.Forwards, new Position(before.Value + 1), 100);
        events.Count.ShouldBe(11);
        events.Select(e => e.Position.Value).ShouldBe(Enumerable.Range(0, 11).Select(i => before.Value + 1 + i));
        events.Select(e => e.Type).ShouldBe([.. Enumerable.Repeat("PersonnelRecordsImported.v1", 10), "PersonnelImportCompleted.v1"]);
        events.Select(e => e.StreamId).Distinct().ShouldBe([ReferenceDataStreams.Personnel]);

        var lookup = app.Get<PersonnelLookup>();
        var last = await lookup.LookUpAsync(NationalId.WithCheckDigit($"L2{rows - 1:0000000}"), Day);
        last.Standing.ShouldNotBeNull().Name.ShouldBe($"人員{rows - 1}");
        (await lookup.LookUpByAccountAsync("BIG12345", Day)).Standing.ShouldNotBeNull().Name.ShouldBe("人員12345");
        (await lookup.IsPersonnelOfficerAsync(NationalId.WithCheckDigit($"L2{4200:0000000}"), Day)).ShouldBeTrue();
    }

    [Fact]
    public async Task An_import_checked_before_someone_else_imported_the_same_kind_is_refused_and_writes_nothing()
    {
        const string header = "date,name,kind\n";
        var mine = await app.PrepareAsync(ReferenceDataKind.HolidayCalendar, header + "2031-10-10,國慶日,holiday\n");
        await app.ImportAsync(ReferenceDataKind.HolidayCalendar, header + "2031-01-01,開國紀念日,holiday\n");
        var head = await app.Store.ReadHeadPositionAsync();

        var outcome = await app.Get<ReferenceDataImporter>().ImportAsync(mine, Guid.CreateVersion7(), "late", "staff:late");

        outcome.Rejections.ShouldHaveSingleItem().ShouldBe(ReferenceDataImportDecider.ImportedMeanwhile);
        (await app.Store.ReadHeadPositionAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task Resending_an_import_appends_nothing_and_answers_as_the_first_time()
    {
        var prepared = await app.PrepareAsync(ReferenceDataKind.HolidayCalendar, "date,name,kind\n2032-10-10,國慶日,holiday\n");
        var importId = Guid.CreateVersion7();
        var first = (await app.Get<ReferenceDataImporter>().ImportAsync(prepared, importId, "v", "staff:a")).Value;
        var head = await app.Store.ReadHeadPositionAsync();

        var again = (await app.Get<ReferenceDataImporter>().ImportAsync(prepared, importId, "v", "staff:a")).Value;

        again.Position.ShouldBe(first.Position);
        (await app.Store.ReadHeadPositionAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task An_account_already_held_by_someone_else_is_refused_in_a_later_import()
    {
        await app.ImportAsync(ReferenceDataKind.Personnel, PersonnelHeader + $"{Id(10)},甲,shared.acct,current,01,秘書室,,3230000,2026-01-05\n");

        var prepared = await app.PrepareAsync(ReferenceDataKind.Personnel,
            PersonnelHeader + $"{Id(10)},甲,shared.acct,current,01,秘書室,,3230000,2026-02-05\n{Id(11)},乙,SHARED.ACCT,current,01,秘書室,,3230000,2026-02-05\n");

        prepared.Problems.ShouldHaveSingleItem().ShouldBe(new ReferenceDataProblem(3, "account", "account-taken", prepared.Problems[0].Message));
    }

    [Fact]
    public async Task Import_events_record_the_actor_the_file_hash_and_the_version()
    {
        var csv = "date,name,kind\n2033-10-10,國慶日,holiday\n";
        var receipt = await app.ImportAsync(ReferenceDataKind.HolidayCalendar, csv);

        var recorded = (await app.Store.ReadAllAsync(Direction.Backwards, receipt.Position, 1))[0];
        var imported = app.Get<EventTypeRegistry>().Deserialize(recorded).ShouldBeOfType<HolidayCalendarImported>();

        EventMetadata.From(recorded)!.Actor.ShouldBe("staff:tester");
        imported.ImportedBy.ShouldBe("staff:tester");
        imported.Version.ShouldBe("test");
        imported.FileSha256.ShouldBe(ReferenceDataImportPlan.Sha256Of(Encoding.UTF8.GetBytes(csv)));
        imported.FileName.ShouldBe("HolidayCalendar.csv");
        imported.RowCount.ShouldBe(1);
    }
}
