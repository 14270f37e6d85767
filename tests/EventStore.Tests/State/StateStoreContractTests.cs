using EventStore.State;
using EventStore.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EventStore.Tests.State;

/// <summary>What both state adapters promise, run on a real SQLite file and a scratch PostgreSQL database.</summary>
public abstract class StateStoreContractTests : IAsyncLifetime
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));

    protected IStateStore Store { get; private set; } = null!;

    /// <summary>A second store over the same database, as another node (or the same node after a restart) opens it.</summary>
    protected IStateStore OtherNode { get; private set; } = null!;

    protected abstract Task<(IStateStore First, IStateStore Second)> OpenAsync();

    public virtual async Task InitializeAsync() => (Store, OtherNode) = await OpenAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private DateTimeOffset In(TimeSpan span) => Clock.GetUtcNow() + span;

    [Fact]
    public void A_row_written_by_one_node_is_read_by_the_other()
    {
        Store.Put("k", "owner-1", "a", [1, 2, 3], In(TimeSpan.FromMinutes(5)));

        var row = OtherNode.Find("k", "owner-1", "a").ShouldNotBeNull();
        row.Value.ShouldBe(new byte[] { 1, 2, 3 });
        row.ExpiresAt.ShouldBe(In(TimeSpan.FromMinutes(5)));
        OtherNode.Find("k", "owner-2", "a").ShouldBeNull();
    }

    [Fact]
    public async Task Of_many_racing_claims_on_two_nodes_exactly_one_gets_the_row()
    {
        Store.Put("challenge", "", "c1", [7], In(TimeSpan.FromMinutes(5)));

        using var start = new ManualResetEventSlim();
        var claims = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            start.Wait();
            return (i % 2 == 0 ? Store : OtherNode).Claim("challenge", "", "c1");
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(claims);

        results.Count(r => r is not null).ShouldBe(1);
        Store.Find("challenge", "", "c1")!.Uses.ShouldBe(1);
    }

    [Fact]
    public void An_expired_row_is_neither_found_nor_claimed_and_the_sweep_deletes_it()
    {
        Store.Put("k", "o", "old", [1], In(TimeSpan.FromMinutes(1)));
        Store.Put("k", "o", "new", [2], In(TimeSpan.FromMinutes(10)));
        Clock.Advance(TimeSpan.FromMinutes(2));

        Store.Find("k", "o", "old").ShouldBeNull();
        Store.Claim("k", "o", "old").ShouldBeNull();
        Store.List("k", "o").Select(r => r.Key).ShouldBe(["new"]);
        Store.Count("k").ShouldBe(1);

        OtherNode.Sweep().ShouldBe(1);
        Store.Sweep().ShouldBe(0);
        Store.Find("k", "o", "new").ShouldNotBeNull();
    }

    [Fact]
    public void Increment_counts_across_nodes_and_starts_again_after_expiry()
    {
        Store.Increment("fail", "s", "card", [], In(TimeSpan.FromMinutes(5))).ShouldBe(1);
        OtherNode.Increment("fail", "s", "card", [], In(TimeSpan.FromMinutes(5))).ShouldBe(2);
        Store.Find("fail", "s", "card")!.Uses.ShouldBe(2);

        Clock.Advance(TimeSpan.FromMinutes(6));
        Store.Increment("fail", "s", "card", [], In(TimeSpan.FromMinutes(5))).ShouldBe(1);
    }

    [Fact]
    public void TryAdd_leaves_a_live_row_alone_and_replaces_an_expired_one()
    {
        Store.TryAdd("k", "", "x", [1], In(TimeSpan.FromMinutes(1))).ShouldBeTrue();
        OtherNode.TryAdd("k", "", "x", [2], In(TimeSpan.FromMinutes(1))).ShouldBeFalse();
        Store.Find("k", "", "x")!.Value.ShouldBe(new byte[] { 1 });

        Clock.Advance(TimeSpan.FromMinutes(2));
        OtherNode.TryAdd("k", "", "x", [3], In(TimeSpan.FromMinutes(1))).ShouldBeTrue();
        Store.Find("k", "", "x")!.Value.ShouldBe(new byte[] { 3 });
    }

    [Fact]
    public void Moving_an_owner_carries_the_named_kinds_over_and_drops_the_rest_of_the_old_owner()
    {
        Store.Put("card", "old", "org", [1], In(TimeSpan.FromMinutes(5)));
        Store.Put("card", "old", "citizen", [2], In(TimeSpan.FromMinutes(5)));
        Store.Put("wizard", "old", "first", [3], In(TimeSpan.FromMinutes(5)));
        Store.Put("card", "someone-else", "org", [4], In(TimeSpan.FromMinutes(5)));

        OtherNode.MoveOwner("old", "new", ["card"]).ShouldBe(2);

        Store.List("card", "new").Select(r => r.Key).ShouldBe(["citizen", "org"]);
        Store.List("card", "old").ShouldBeEmpty();
        Store.Find("wizard", "old", "first").ShouldNotBeNull();
        Store.Find("card", "someone-else", "org")!.Value.ShouldBe(new byte[] { 4 });
    }

    [Fact]
    public void Removing_an_owner_forgets_only_that_owner()
    {
        Store.Put("session", "alice", "1", [1], In(TimeSpan.FromMinutes(5)));
        Store.Put("session", "alice", "2", [1], In(TimeSpan.FromMinutes(5)));
        Store.Put("session", "bob", "1", [1], In(TimeSpan.FromMinutes(5)));

        OtherNode.RemoveOwner("session", "alice").ShouldBe(2);
        OtherNode.Remove("session", "bob", "1").ShouldBeTrue();
        OtherNode.Remove("session", "bob", "1").ShouldBeFalse();

        Store.Count("session").ShouldBe(0);
    }

    [Fact]
    public void A_row_that_never_expires_is_kept_by_the_sweep()
    {
        Store.Put("key-ring", "", "key-1", [9], DateTimeOffset.MaxValue);
        Clock.Advance(TimeSpan.FromDays(3650));

        Store.Sweep().ShouldBe(0);
        OtherNode.Find("key-ring", "", "key-1")!.ExpiresAt.ShouldBe(DateTimeOffset.MaxValue);
    }
}

public sealed class SqliteStateStoreTests : StateStoreContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-state-tests", Guid.NewGuid().ToString("N"));

    protected override Task<(IStateStore First, IStateStore Second)> OpenAsync()
    {
        var path = SqliteStateStore.BesideStore(Path.Combine(_folder, "events.db"));
        return Task.FromResult<(IStateStore, IStateStore)>((new SqliteStateStore(path, Clock), new SqliteStateStore(path, Clock)));
    }

    [Fact]
    public void The_state_file_sits_beside_the_store_file() =>
        SqliteStateStore.BesideStore(Path.Combine(_folder, "events.db")).ShouldBe(Path.Combine(_folder, "events.state.db"));

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class PostgresStateStoreTests : StateStoreContractTests
{
    private PostgresDatabase? _database;

    protected override async Task<(IStateStore First, IStateStore Second)> OpenAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        return (new PostgresStateStore(_database.ConnectionString, Clock), new PostgresStateStore(_database.ConnectionString, Clock));
    }

    public override async Task DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        (OtherNode as IDisposable)?.Dispose();
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
