using System.Globalization;
using System.Text;
using Dapper;
using Domain.Common;
using Domain.ReferenceData;
using EventStore;
using EventStore.Serialization;
using ReadModels.Querying;
using ReadModels.ReferenceData;
using ReadModels.Tests.TestSupport;

namespace ReadModels.Tests.ReferenceData;

/// <summary>The reference-data projections against a real store file and read-model file.</summary>
public abstract class ReferenceDataProjectionTests(ReadModelStore readModels) : IAsyncLifetime
{
    /// <summary>The read models in the embedded SQLite file.</summary>
    public sealed class OnSqlite() : ReferenceDataProjectionTests(ReadModelStore.Sqlite);

    /// <summary>The read models on PostgreSQL, as in server mode.</summary>
    public sealed class OnPostgres() : ReferenceDataProjectionTests(ReadModelStore.Postgres);

    private static readonly EventTypeRegistry Registry = EventTypeRegistry.FromAssemblies(typeof(ReferenceDataEvent).Assembly);
    private static readonly NationalIdHashKey HashKey = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly DateTimeOffset At = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private readonly ReadSide _side = new(readModels);

    private static ImportDetails Details(string version = "v1") => new(Guid.CreateVersion7(), version, "file.csv", new string('0', 64), "staff:admin", At);

    private async Task<Position> AppendAsync(ReferenceDataKind kind, IEnumerable<ReferenceDataEvent> events)
    {
        var metadata = new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), "staff:admin");
        var result = await _side.Store.AppendToStreamAsync(ReferenceDataStreams.For(kind), StreamState.Any,
            events.Select(e => Registry.ToEventData(e, Guid.NewGuid(), metadata)).ToList());
        return result.Position;
    }

    private static IReadOnlyList<ReferenceDataEvent> Directory(string csv, int chunkSize = 1) =>
        ReferenceDataImportPlan.AgencyDirectory(AgencyDirectory.Parse("code,name,expected_oids,review_desk\n" + csv).Value.ShouldNotBeNull(), Details(), chunkSize);

    private async Task<List<string>> QueryAsync(string sql, ReadModelDatabase? database = null)
    {
        await using var connection = await (database ?? _side.Database).OpenReadConnectionAsync();
        return (await connection.QueryAsync<string>(sql)).ToList();
    }

    [Fact]
    public async Task Chunks_without_their_closing_event_change_nothing()
    {
        await AppendAsync(ReferenceDataKind.AgencyDirectory, Directory("3230000,行政院人事行政總處,2.16.886.101.20003.20012,承保第一科\n"));
        var next = Directory("3011400,財政資訊中心,2.16.886.101.20003.20065,承保第一科\n12345,範例縣政府,,承保第二科\n");
        // The store never holds half an import (one append); the projection must not show one even if it did.
        await AppendAsync(ReferenceDataKind.AgencyDirectory, next.Take(next.Count - 1));
        await _side.RunToHeadAsync(new AgencyDirectoryProjection(Registry));

        (await QueryAsync("SELECT code FROM ref_agencies")).ShouldBe(["3230000"]);

        await AppendAsync(ReferenceDataKind.AgencyDirectory, [next[^1]]);
        await _side.RunToHeadAsync(new AgencyDirectoryProjection(Registry));

        (await QueryAsync("SELECT code FROM ref_agencies ORDER BY seq")).ShouldBe(["3011400", "12345"]);
        (await QueryAsync("SELECT oid || '>' || code FROM ref_agency_oids")).ShouldBe(["2.16.886.101.20003.20065>3011400"]);
        (await QueryAsync("SELECT count(*) FROM ref_agency_staging")).ShouldBe(["0"]);
    }

    [Fact]
    public async Task A_directory_import_replaces_the_whole_directory()
    {
        await AppendAsync(ReferenceDataKind.AgencyDirectory, Directory("3230000,甲,2.16.886.101.20003.20012,承保第一科\n3011400,乙,2.16.886.101.20003.20065,承保第一科\n"));
        await AppendAsync(ReferenceDataKind.AgencyDirectory, Directory("3011400,乙（新名）,2.16.886.101.20003.20066;2.16.886.101.20003.20065,承保第二科\n"));

        await _side.RunToHeadAsync(new AgencyDirectoryProjection(Registry));

        (await QueryAsync("SELECT code || ' ' || name || ' ' || review_desk FROM ref_agencies")).ShouldBe(["3011400 乙（新名） 承保第二科"]);
        (await QueryAsync("SELECT oid FROM ref_agency_oids ORDER BY oid")).ShouldBe(["2.16.886.101.20003.20065", "2.16.886.101.20003.20066"]);
    }

    [Fact]
    public async Task The_personnel_tables_hold_no_national_id_in_clear()
    {
        var ids = Enumerable.Range(0, 50).Select(i => NationalId.WithCheckDigit($"A1{i:0000000}")).ToList();
        var csv = new StringBuilder("national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on\n");
        foreach (var id in ids)
            csv.Append(CultureInfo.InvariantCulture, $"{id.Value},人員,acct{id.LastFour},current,01,秘書室,,3230000,2026-01-05\n");
        await AppendAsync(ReferenceDataKind.Personnel, ReferenceDataImportPlan.Personnel(PersonnelRecords.Parse(csv.ToString()).Value.ShouldNotBeNull(), Details(), chunkSize: 7));

        await _side.RunToHeadAsync(new PersonnelProjection(Registry, HashKey));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        (await QueryAsync("SELECT id_hash FROM ref_personnel_reports ORDER BY id_hash")).ShouldBe(ids.Select(HashKey.Hash).Order(StringComparer.Ordinal));
        (await QueryAsync("SELECT DISTINCT id_masked FROM ref_personnel_reports WHERE id_last_four = '" + ids[3].LastFour + "'")).ShouldBe([ids[3].Masked]);
        var stored = await _side.StoredTextAsync(new PersonnelProjection(Registry, HashKey));
        foreach (var id in ids)
            stored.ShouldNotContain(id.Value);
    }

    [Fact]
    public async Task A_report_for_the_same_person_agency_and_day_replaces_the_recorded_one_and_other_reports_stay()
    {
        var wang = NationalId.WithCheckDigit("A12345678");
        const string header = "national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on\n";
        PersonnelRecords Parse(string rows) => PersonnelRecords.Parse(header + rows).Value.ShouldNotBeNull();
        await AppendAsync(ReferenceDataKind.Personnel, ReferenceDataImportPlan.Personnel(Parse($"{wang.Value},王小明,wang01,current,01,秘書室,,3230000,2026-01-05\n{wang.Value},王小明,wang01,current,01,秘書室,,3230000,2026-03-01\n"), Details()));
        await AppendAsync(ReferenceDataKind.Personnel, ReferenceDataImportPlan.Personnel(Parse($"{wang.Value},王小明,wang01,current,08,人事室,,3230000,2026-03-01\n"), Details()));

        await _side.RunToHeadAsync(new PersonnelProjection(Registry, HashKey));

        (await QueryAsync("SELECT reported_on || ' ' || service_unit FROM ref_personnel_reports ORDER BY reported_on")).ShouldBe(["2026-01-05 秘書室", "2026-03-01 人事室"]);
    }

    [Fact]
    public async Task A_calendar_import_replaces_only_the_years_it_covers()
    {
        HolidayCalendarImported Calendar(string rows) =>
            ReferenceDataImportPlan.HolidayCalendar(HolidayCalendar.Parse("date,name,kind\n" + rows).Value.ShouldNotBeNull(), Details());
        await AppendAsync(ReferenceDataKind.HolidayCalendar, [Calendar("2026-10-09,國慶日補假,holiday\n2026-10-10,國慶日,holiday\n")]);
        await AppendAsync(ReferenceDataKind.HolidayCalendar, [Calendar("2027-10-11,國慶日補假,holiday\n")]);
        await AppendAsync(ReferenceDataKind.HolidayCalendar, [Calendar("2026-10-10,國慶日,holiday\n")]);

        await _side.RunToHeadAsync(new ReferenceDataProjection(Registry));

        (await QueryAsync("SELECT date FROM ref_holidays ORDER BY date")).ShouldBe(["2026-10-10", "2027-10-11"]);
        (await QueryAsync("SELECT year FROM ref_holiday_years ORDER BY year")).ShouldBe(["2026", "2027"]);
    }

    [Fact]
    public async Task Every_import_is_logged_with_who_when_which_file_and_how_many_rows()
    {
        await AppendAsync(ReferenceDataKind.AgencyDirectory, Directory("3230000,甲,,承保第一科\n"));
        var trust = new TrustAnchorsImported(Guid.NewGuid().ToString("D"), "t1", "trust.csv", new string('1', 64), 1,
            [new TrustCertificateRow("organisation", "anchor", "根", "AAAA", "CN=根", "0A", "FF")], "staff:root", At);
        await AppendAsync(ReferenceDataKind.TrustAnchors, [trust]);

        await _side.RunToHeadAsync(new ReferenceDataProjection(Registry));

        (await QueryAsync("SELECT kind || ' ' || version || ' ' || file_name || ' ' || row_count || ' ' || imported_by || ' ' || imported_at_us FROM ref_imports ORDER BY position")).ShouldBe([
            $"agency-directory v1 file.csv 1 staff:admin {At.ToUnixTimeMilliseconds() * 1000}",
            $"trust-anchors t1 trust.csv 1 staff:root {At.ToUnixTimeMilliseconds() * 1000}",
        ]);
        (await QueryAsync("SELECT name || ' ' || role FROM ref_trust_certificates")).ShouldBe(["根 anchor"]);
    }

    [Fact]
    public async Task A_rebuild_gives_the_same_rows_as_the_first_build()
    {
        await AppendAsync(ReferenceDataKind.AgencyDirectory, Directory("3230000,甲,2.16.886.101.20003.20012,承保第一科\n12345,乙,,承保第二科\n", chunkSize: 1));
        await AppendAsync(ReferenceDataKind.FunctionCatalogue, [ReferenceDataImportPlan.FunctionCatalogue(
            VersionedImports.FunctionCatalogue(ReferenceDataSeeds.FunctionCatalogueCsv, [], new DateOnly(2026, 11, 23)).Value.ShouldNotBeNull(), Details())]);
        var fresh = _side.NewDatabase("fresh.db");

        await _side.RunToHeadAsync(new AgencyDirectoryProjection(Registry));
        await _side.RunToHeadAsync(new ReferenceDataProjection(Registry));
        await _side.RunToHeadAsync(new AgencyDirectoryProjection(Registry), fresh);
        await _side.RunToHeadAsync(new ReferenceDataProjection(Registry), fresh);

        const string rows = "SELECT code || name || expected_oids FROM ref_agencies UNION ALL SELECT version || position || code || name || coalesce(parent_code, '') FROM ref_catalogue_functions";
        (await QueryAsync(rows, fresh)).ShouldBe(await QueryAsync(rows));
        (await QueryAsync("SELECT count(*) FROM ref_catalogue_functions")).ShouldBe(["14"]);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _side.DisposeAsync();
}
