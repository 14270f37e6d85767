using Dapper;
using ReadModels.Grants;
using ReadModels.ReferenceData;
using ReadModels.Tests.TestSupport;
using Shouldly;
using static ReadModels.Tests.Grants.GrantEvents;

namespace ReadModels.Tests.Grants;

public abstract class IssuedGrantsProjectionTests(ReadModelStore readModels) : IAsyncLifetime
{
    /// <summary>The read models in the embedded SQLite file.</summary>
    public sealed class OnSqlite() : IssuedGrantsProjectionTests(ReadModelStore.Sqlite);

    /// <summary>The read models on PostgreSQL, as in server mode.</summary>
    public sealed class OnPostgres() : IssuedGrantsProjectionTests(ReadModelStore.Postgres);

    private static readonly NationalIdHashKey HashKey = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly Domain.Common.NationalId Handler = Id("F12345678");

    private readonly ReadSide _side = new(readModels);
    private GrantEvents _events = null!;

    public Task InitializeAsync()
    {
        _events = new GrantEvents(_side.Store);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _side.DisposeAsync();

    private HandlerGrantQueries Query => new(_side.Database);

    private Task ProjectAsync() => _side.RunToHeadAsync(new HandlerGrantsProjection(Registry, HashKey));

    [Fact]
    public async Task An_issued_grant_is_listed_with_the_agency_name_and_the_ID_masked()
    {
        await _events.RegisterAsync("3230000", "行政院人事行政總處");
        await _events.IssueAsync("3230000", 1, "0A11", "林經辦", Handler, ["0101", "0103"], Start.AddHours(1));
        await ProjectAsync();

        var page = await Query.ForAgencyAsync("3230000", activeOnly: true, text: null, page: 1, pageSize: 10);

        var row = page.Rows.ShouldHaveSingleItem();
        row.ShouldBe(row with { AgencyName = "行政院人事行政總處", Serial = "0A11", HandlerName = "林經辦", MaskedNationalId = Handler.Masked, Active = true, IssuedAt = Start.AddHours(1) });
        row.FunctionCodes.ShouldBe(["0101", "0103"]);
        page.Total.ShouldBe(1);
    }

    [Fact]
    public async Task No_table_holds_a_whole_national_ID()
    {
        var manager = Id("A12345678");   // GrantEvents registers every agency with this manager
        await _events.RegisterAsync("3230000", "行政院人事行政總處");
        await _events.IssueAsync("3230000", 1, "0A11", "林經辦", Handler, ["0101"], Start.AddHours(1));
        await ProjectAsync();

        await using var connection = await _side.Database.OpenReadConnectionAsync();
        var dumps = new Dictionary<string, string>();
        foreach (var table in new HandlerGrantsProjection(Registry, HashKey).Tables)
        {
            var rows = (await connection.QueryAsync($"SELECT * FROM {table.Name}")).ToList();
            rows.ShouldNotBeEmpty($"{table.Name} has no row, so this test would check nothing in it");
            dumps[table.Name] = string.Join("\n", rows.Select(r => string.Join("|", ((IDictionary<string, object>)r).Values)));
        }

        dumps.Count.ShouldBe(4);
        foreach (var (table, dump) in dumps)
        {
            dump.ShouldNotContain(Handler.Value, Case.Insensitive, table);
            dump.ShouldNotContain(manager.Value, Case.Insensitive, table);
        }
        dumps["issued_grants"].ShouldContain(HashKey.Hash(Handler));
        dumps["grant_agencies"].ShouldContain(HashKey.Hash(manager));
    }

    [Fact]
    public async Task A_modification_replaces_serial_name_and_functions_and_keeps_the_issue_time()
    {
        await _events.RegisterAsync("3230000", "行政院人事行政總處");
        await _events.IssueAsync("3230000", 1, "0A11", "林經辦", Handler, ["0101"], Start.AddHours(1));
        await _events.ModifyAsync("3230000", 1, "0B22", "林經辦人", Handler, ["0201", "0301"], Start.AddHours(2));
        await ProjectAsync();

        var row = (await Query.GrantAsync("3230000", 1))!;
        row.Serial.ShouldBe("0B22");
        row.HandlerName.ShouldBe("林經辦人");
        row.FunctionCodes.ShouldBe(["0201", "0301"]);
        row.IssuedAt.ShouldBe(Start.AddHours(1));
        row.ChangedAt.ShouldBe(Start.AddHours(2));
        (await Query.SearchAsync(new HandlerGrantSearch(Start, FunctionCode: "0101"))).Rows.ShouldBeEmpty();
        (await Query.SearchAsync(new HandlerGrantSearch(Start, FunctionCode: "0301"))).Rows.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_revoked_grant_leaves_the_active_list_and_keeps_its_reason()
    {
        await _events.RegisterAsync("3230000", "行政院人事行政總處");
        await _events.IssueAsync("3230000", 1, "0A11", "林經辦", Handler, ["0101"], Start.AddHours(1));
        await _events.RevokeAsync("3230000", 1, Start.AddHours(3), "離職");
        await ProjectAsync();

        (await Query.ForAgencyAsync("3230000", activeOnly: true, null, 1, 10)).Rows.ShouldBeEmpty();
        var row = (await Query.ForAgencyAsync("3230000", activeOnly: false, null, 1, 10)).Rows.ShouldHaveSingleItem();
        row.Active.ShouldBeFalse();
        row.RevokedAt.ShouldBe(Start.AddHours(3));
        row.RevokeReason.ShouldBe("離職");
        (await Query.SearchAsync(new HandlerGrantSearch(Start, FunctionCode: "0101", Status: GrantStatusFilter.Active))).Rows.ShouldBeEmpty();
        (await Query.SearchAsync(new HandlerGrantSearch(Start, FunctionCode: "0101", Status: GrantStatusFilter.Revoked))).Rows.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_agency_row_follows_the_stream_version_through_every_event()
    {
        await _events.RegisterAsync("3230000", "行政院人事行政總處");
        await _events.IssueAsync("3230000", 1, "0A11", "林經辦", Handler, ["0101"], Start.AddHours(1));
        await _events.ReplaceManagerAsync("3230000", Citizen("0E01", Start.AddYears(2)));
        await _events.RevokeAsync("3230000", 1, Start.AddHours(3));
        await ProjectAsync();

        (await Query.AgencyAsync("3230000")).ShouldBe(new HandlerGrantAgency("3230000", "行政院人事行政總處", 4, "GCAKEY", "0C3230000", "MOICAKEY", "0E01", "新管理者", HashKey.Hash(Id("B12345678"))));
    }

    [Fact]
    public async Task A_handler_sees_the_active_grants_of_their_card_in_every_agency()
    {
        await _events.RegisterAsync("3230000", "行政院人事行政總處");
        await _events.RegisterAsync("12345", "範例縣政府");
        await _events.IssueAsync("3230000", 1, "0A11", "林經辦", Handler, ["0101"], Start.AddHours(1), issuerKeyId: "MOICA2KEY");
        await _events.IssueAsync("12345", 1, "0A11", "林經辦", Handler, ["0201"], Start.AddHours(1));
        await _events.IssueAsync("12345", 2, "0A99", "別人", Id("G12345678"), ["0201"], Start.AddHours(1));
        await _events.RevokeAsync("12345", 1, Start.AddHours(2));
        await _events.IssueAsync("12345", 3, "0A11", "林經辦", Handler, ["0301"], Start.AddHours(3));
        await ProjectAsync();

        var mine = await Query.ForCardAsync("MOICA2KEY", "0A11", HashKey.Hash(Handler));

        mine.Select(g => (g.AgencyCode, g.GrantNumber)).ShouldBe([("12345", 3), ("3230000", 1)]);
    }

    /// <summary>The handler's serial 0A11 granted in two agencies: read from the card at 3230000 (issuer MOICA2KEY), typed at 12345.</summary>
    private async Task GrantReadAndTypedAsync()
    {
        await _events.RegisterAsync("3230000", "行政院人事行政總處");
        await _events.RegisterAsync("12345", "範例縣政府");
        await _events.IssueAsync("3230000", 1, "0A11", "林經辦", Handler, ["0101"], Start.AddHours(1), issuerKeyId: "MOICA2KEY");
        await _events.IssueAsync("12345", 1, "0A11", "林經辦", Handler, ["0201"], Start.AddHours(1));
        await ProjectAsync();
    }

    [Fact]
    public async Task A_card_of_another_issuer_with_the_same_serial_holds_none_of_the_grants_that_recorded_the_issuer()
    {
        await GrantReadAndTypedAsync();

        var other = await Query.ForCardAsync("MOICA3KEY", "0A11", HashKey.Hash(Handler));

        other.Select(g => (g.AgencyCode, g.GrantNumber)).ShouldBe([("12345", 1)], "only the grant whose serial was typed (no issuer) matches serial and person");
    }

    [Fact]
    public async Task A_card_of_another_person_with_the_same_serial_holds_no_grant_whether_or_not_it_recorded_the_issuer()
    {
        await GrantReadAndTypedAsync();

        (await Query.ForCardAsync("MOICA2KEY", "0A11", HashKey.Hash(Id("G12345678")))).ShouldBeEmpty();
        (await Query.ForCardAsync("MOICA2KEY", "0A11", HashKey.Hash(Handler))).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_modified_grant_carries_the_issuer_of_its_new_card()
    {
        await _events.RegisterAsync("3230000", "行政院人事行政總處");
        await _events.IssueAsync("3230000", 1, "0A11", "林經辦", Handler, ["0101"], Start.AddHours(1));
        await _events.ModifyAsync("3230000", 1, "0A22", "林經辦", Handler, ["0101"], Start.AddHours(2), issuerKeyId: "MOICA3KEY");
        await ProjectAsync();

        (await Query.ForCardAsync("MOICA2KEY", "0A22", HashKey.Hash(Handler))).ShouldBeEmpty();
        (await Query.ForCardAsync("MOICA3KEY", "0A11", HashKey.Hash(Handler))).ShouldBeEmpty("the old serial is no longer the grant's");
        (await Query.ForCardAsync("MOICA3KEY", "0A22", HashKey.Hash(Handler))).ShouldHaveSingleItem().GrantNumber.ShouldBe(1);
    }

    [Fact]
    public async Task A_certificate_known_before_or_after_the_grant_gives_it_its_expiry()
    {
        await _events.RegisterAsync("3230000", "行政院人事行政總處", manager: Citizen("0A11", Start.AddDays(20)));
        await _events.RegisterAsync("12345", "範例縣政府");
        await _events.IssueAsync("12345", 1, "0A11", "林經辦", Handler, ["0101"], Start.AddHours(1));
        await _events.IssueAsync("12345", 2, "0C33", "陳經辦", Id("G12345678"), ["0101"], Start.AddHours(1));
        await _events.ReplaceManagerAsync("3230000", Citizen("0C33", Start.AddDays(200)));
        await ProjectAsync();

        (await Query.GrantAsync("12345", 1))!.CertificateNotAfter.ShouldBe(Start.AddDays(20));
        (await Query.GrantAsync("12345", 2))!.CertificateNotAfter.ShouldBe(Start.AddDays(200));
        var expiring = await Query.SearchAsync(new HandlerGrantSearch(Start, ExpiringWithinDays: 30));
        expiring.Rows.Select(r => r.Serial).ShouldBe(["0A11"]);
    }

    [Fact]
    public async Task A_rebuild_gives_the_same_rows()
    {
        await _events.RegisterAsync("3230000", "行政院人事行政總處");
        await _events.IssueAsync("3230000", 1, "0A11", "林經辦", Handler, ["0101"], Start.AddHours(1));
        await _events.ModifyAsync("3230000", 1, "0B22", "林經辦", Handler, ["0102"], Start.AddHours(2));
        await _events.IssueAsync("3230000", 2, "0A12", "王經辦", Id("G12345678"), ["0201"], Start.AddHours(3));
        await _events.RevokeAsync("3230000", 2, Start.AddHours(4));
        await ProjectAsync();
        var rebuilt = _side.NewDatabase("rebuilt.db");
        await _side.RunToHeadAsync(new HandlerGrantsProjection(Registry, HashKey), rebuilt);

        var first = await new HandlerGrantQueries(_side.Database).SearchAsync(new HandlerGrantSearch(Start, PageSize: 100));
        var second = await new HandlerGrantQueries(rebuilt).SearchAsync(new HandlerGrantSearch(Start, PageSize: 100));
        second.Rows.Select(Describe).ShouldBe(first.Rows.Select(Describe));
    }

    private static string Describe(HandlerGrantRow r) => $"{r with { FunctionCodes = [] }}|{string.Join(',', r.FunctionCodes)}";
}
