using EventStore.SecurityLog;
using EventStore.Tests.TestSupport;

namespace EventStore.Tests.SecurityLog;

/// <summary>What both security-log adapters promise, on a real SQLite file and a scratch PostgreSQL database, as two nodes.</summary>
public abstract class SecurityLogContractTests : IAsyncLifetime
{
    protected const int Cap = 4;

    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected ISecurityLog Log { get; private set; } = null!;

    protected ISecurityLog OtherNode { get; private set; } = null!;

    protected abstract Task<(ISecurityLog First, ISecurityLog Second)> OpenAsync();

    public virtual async Task InitializeAsync() => (Log, OtherNode) = await OpenAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static SecurityLogEntry Entry(DateTimeOffset at, string kind = "sign-in-failed", string subject = "someone", string address = "198.51.100.1") =>
        new(at, kind, subject, address, "trace-" + at.Ticks, "password", "SIGN_IN_FAILED", null, "detail");

    [Fact]
    public void Rows_written_on_one_node_are_found_on_the_other_newest_first_by_kind_subject_address_and_time()
    {
        Log.Write(Entry(Noon, subject: "Staff:Admin", address: "192.0.2.10")).ShouldBeTrue();
        OtherNode.Write(Entry(Noon.AddSeconds(1), kind: "export", subject: "staff:other", address: "192.0.2.11")).ShouldBeTrue();
        Log.Write(Entry(Noon.AddSeconds(2), subject: "100%_sure", address: "203.0.113.5")).ShouldBeTrue();

        OtherNode.Find(new SecurityLogFilter()).Rows.Select(r => r.Subject).ShouldBe(["100%_sure", "staff:other", "Staff:Admin"]);
        OtherNode.Find(new SecurityLogFilter(Kind: "export")).Rows.Single().Address.ShouldBe("192.0.2.11");
        OtherNode.Find(new SecurityLogFilter(Subject: "STAFF:")).Total.ShouldBe(2, "part of the subject, any case");
        OtherNode.Find(new SecurityLogFilter(Subject: "0%_")).Total.ShouldBe(1, "% and _ are letters here, not wildcards");
        OtherNode.Find(new SecurityLogFilter(Subject: "0%x")).Total.ShouldBe(0);
        OtherNode.Find(new SecurityLogFilter(Address: "192.0.2.")).Total.ShouldBe(2, "an address prefix");
        OtherNode.Find(new SecurityLogFilter(From: Noon.AddSeconds(1), To: Noon.AddSeconds(2))).Rows.Single().Kind.ShouldBe("export", "from inclusive, to exclusive");
        var row = OtherNode.Find(new SecurityLogFilter(Kind: "export")).Rows.Single();
        (row.At, row.TraceId, row.Method, row.Code, row.Target, row.Detail, row.Occurrences, row.Aggregated)
            .ShouldBe((Noon.AddSeconds(1), "trace-" + Noon.AddSeconds(1).Ticks, "password", "SIGN_IN_FAILED", (string?)null, "detail", 1L, false));
    }

    [Fact]
    public void Pages_split_the_rows_and_count_them_all()
    {
        for (var i = 0; i < 7; i++)
            Log.Write(Entry(Noon.AddMinutes(i)));

        var second = OtherNode.Find(new SecurityLogFilter(Page: 2, PageSize: 3));

        (second.Total, second.Pages, second.Rows.Count).ShouldBe((7L, 3, 3));
        second.Rows[0].At.ShouldBe(Noon.AddMinutes(3));
    }

    [Fact]
    public async Task Two_nodes_flooding_one_address_itemise_the_cap_per_kind_and_minute_and_count_the_rest_on_one_row()
    {
        using var start = new ManualResetEventSlim();
        var writes = Enumerable.Range(0, 30).Select(i => Task.Run(() =>
        {
            start.Wait();
            return (i % 2 == 0 ? Log : OtherNode).Write(Entry(Noon.AddMilliseconds(i * 100), subject: $"guess-{i}"));
        })).ToArray();
        start.Set();
        var itemised = await Task.WhenAll(writes);
        Log.Write(Entry(Noon.AddSeconds(10), address: "198.51.100.2")).ShouldBeTrue("another address has its own allowance");
        Log.Write(Entry(Noon.AddSeconds(11), kind: "card-step-failed")).ShouldBeTrue("and another kind");
        Log.Write(Entry(Noon.AddMinutes(1))).ShouldBeTrue("and the next minute");

        itemised.Count(i => i).ShouldBe(Cap);
        var flood = OtherNode.Find(new SecurityLogFilter(Kind: "sign-in-failed", Address: "198.51.100.1", To: Noon.AddMinutes(1))).Rows;
        flood.Count.ShouldBe(Cap + 1);
        var aggregated = flood.Single(r => r.Aggregated);
        (aggregated.Occurrences, aggregated.Subject, aggregated.At).ShouldBe((30L - Cap, "-", Noon));
        aggregated.Detail!.ShouldContain($"第 {Cap + 1} 筆起只計次數");
    }
}

public sealed class SqliteSecurityLogTests : SecurityLogContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-security-log-tests", Guid.NewGuid().ToString("N"));

    protected override Task<(ISecurityLog First, ISecurityLog Second)> OpenAsync()
    {
        var path = SqliteSecurityLog.BesideStore(Path.Combine(_folder, "events.db"));
        return Task.FromResult<(ISecurityLog, ISecurityLog)>((new SqliteSecurityLog(path, Cap), new SqliteSecurityLog(path, Cap)));
    }

    [Fact]
    public void The_log_file_sits_beside_the_store_file() =>
        SqliteSecurityLog.BesideStore(Path.Combine(_folder, "events.db")).ShouldBe(Path.Combine(_folder, "events.security-log.db"));

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class PostgresSecurityLogTests : SecurityLogContractTests
{
    private PostgresDatabase? _database;

    protected override async Task<(ISecurityLog First, ISecurityLog Second)> OpenAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        return (new PostgresSecurityLog(_database.ConnectionString, Cap), new PostgresSecurityLog(_database.ConnectionString, Cap));
    }

    public override async Task DisposeAsync()
    {
        (Log as IDisposable)?.Dispose();
        (OtherNode as IDisposable)?.Dispose();
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
