using EventStore.DependencyInjection;
using EventStore.Postgres;
using EventStore.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EventStore.Tests.Postgres;

/// <summary>
/// One stuck node cannot stall everyone's writes: the store is built from configuration as the web app builds it, and a
/// second, real connection plays the stuck node — it takes the store's head lock (the lock every write transaction
/// takes first) and then sits on it. The server's session limits cut it off and the store's appends go on.
/// </summary>
public sealed class PostgresSessionLimitsTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_node_idle_in_a_transaction_holding_the_head_lock_is_cut_off_and_the_other_writers_go_on()
    {
        var settings = Settings(("IdleInTransactionTimeout", "00:00:01"), ("LockTimeout", "00:01:00"));
        await using var store = Store(settings);
        await store.AppendToStreamAsync(TestEvents.NewStream(), StreamState.NoStream, TestEvents.Many(1));
        await using var stuck = await HoldHeadLockAsync(settings);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var appends = Enumerable.Range(0, 5).Select(_ => store.AppendToStreamAsync(TestEvents.NewStream(), StreamState.NoStream, TestEvents.Many(2), deadline.Token));
        var results = await Task.WhenAll(appends);

        results.Select(r => r.Position.Value).Distinct().Count().ShouldBe(5);
        var cut = await Should.ThrowAsync<Exception>(() => ExecuteAsync(stuck, "SELECT 1"));
        (cut is PostgresException { SqlState: "25P03" } || cut is NpgsqlException or InvalidOperationException)
            .ShouldBeTrue($"the stuck session should have been ended by the server, got {cut.GetType().Name}: {cut.Message}");
    }

    [Fact]
    public async Task A_node_stuck_in_a_long_statement_holding_the_head_lock_is_cancelled_and_the_other_writers_go_on()
    {
        // The stuck node's statement limit is far shorter than the writer's: the writer's own statement, waiting for the
        // lock, must outlast the stuck one's (with one limit for both, whichever started first would be cut first).
        var stuckSettings = Settings(("StatementTimeout", "00:00:01"), ("IdleInTransactionTimeout", "00:00:01"));
        await using var store = Store(Settings(("StatementTimeout", "00:00:30"), ("IdleInTransactionTimeout", "00:00:01"), ("LockTimeout", "00:01:00")));
        await store.AppendToStreamAsync(TestEvents.NewStream(), StreamState.NoStream, TestEvents.Many(1));
        await using var stuck = await HoldHeadLockAsync(stuckSettings);
        var sleeping = ExecuteAsync(stuck, "SELECT pg_sleep(600)");

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var appended = await store.AppendToStreamAsync(TestEvents.NewStream(), StreamState.NoStream, TestEvents.Many(1), deadline.Token);

        appended.Position.Value.ShouldBeGreaterThan(1);
        (await Should.ThrowAsync<PostgresException>(sleeping)).SqlState.ShouldBe(PostgresErrorCodes.QueryCanceled);
    }

    [Fact]
    public async Task A_writer_waits_no_longer_than_the_lock_timeout_and_writes_again_once_the_lock_is_free()
    {
        // The stuck session is not the app's (a console someone left open): no idle limit reaches it, so the waiter's own limit must.
        var settings = Settings(("LockTimeout", "00:00:01"));
        await using var store = Store(settings);
        await store.AppendToStreamAsync(TestEvents.NewStream(), StreamState.NoStream, TestEvents.Many(1));
        var console = await HoldHeadLockAsync(Settings(("IdleInTransactionTimeout", "0")));

        var refused = await Should.ThrowAsync<PostgresException>(() => store.AppendToStreamAsync(TestEvents.NewStream(), StreamState.NoStream, TestEvents.Many(1)));
        refused.SqlState.ShouldBe(PostgresErrorCodes.LockNotAvailable);

        await console.DisposeAsync();
        (await store.AppendToStreamAsync(TestEvents.NewStream(), StreamState.NoStream, TestEvents.Many(1))).Position.Value.ShouldBe(2);
    }

    [Fact]
    public async Task The_configured_limits_and_pool_sizes_reach_the_connection_and_defaults_apply_when_unset()
    {
        var configured = Settings(("LockTimeout", "00:00:03"), ("IdleInTransactionTimeout", "00:00:04"), ("StatementTimeout", "00:00:45"), ("MaxPoolSize", "7"), ("MinPoolSize", "1"));
        var session = EventStoreSettings.From(configured).PostgresSession;

        var builder = new NpgsqlConnectionStringBuilder(session.Apply(_database.ConnectionString));
        builder.MaxPoolSize.ShouldBe(7);
        builder.MinPoolSize.ShouldBe(1);
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        (await ShowAsync(connection, "lock_timeout")).ShouldBe("3s");
        (await ShowAsync(connection, "idle_in_transaction_session_timeout")).ShouldBe("4s");
        (await ShowAsync(connection, "statement_timeout")).ShouldBe("45s");
        var defaults = EventStoreSettings.From(Settings()).PostgresSession;
        defaults.ShouldBe(PostgresSessionSettings.Default);
        defaults.LockTimeout.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("LockTimeout", "soon", "EventStore:Postgres:LockTimeout")]
    [InlineData("StatementTimeout", "-00:00:01", "EventStore:Postgres:StatementTimeout")]
    [InlineData("MaxPoolSize", "0", "EventStore:Postgres:MaxPoolSize")]
    [InlineData("MinPoolSize", "500", "EventStore:Postgres:MinPoolSize")]
    public void A_bad_value_names_the_key_to_fix(string key, string value, string named)
    {
        var refused = Should.Throw<InvalidOperationException>(() => EventStoreSettings.From(Settings((key, value))));

        refused.Message.ShouldContain(named);
    }

    private IConfiguration Settings(params (string Key, string Value)[] limits) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventStore:Provider"] = "postgres",
            ["EventStore:Postgres:ConnectionString"] = _database.ConnectionString,
        }.Concat(limits.Select(l => new KeyValuePair<string, string?>($"EventStore:Postgres:{l.Key}", l.Value)))).Build();

    /// <summary>The store as the web app registers it.</summary>
    private static PostgresEventStore Store(IConfiguration configuration) =>
        (PostgresEventStore)new ServiceCollection().AddEventStore(configuration).BuildServiceProvider().GetRequiredService<IEventStore>();

    /// <summary>A connection with the node's settings that opens a transaction, takes the head lock as a write does, and then does nothing.</summary>
    private static async Task<NpgsqlConnection> HoldHeadLockAsync(IConfiguration configuration)
    {
        var settings = EventStoreSettings.From(configuration);
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(settings.PostgresSession.Apply(settings.PostgresConnectionString!)) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "BEGIN; SELECT position FROM head WHERE id = 1 FOR UPDATE");
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ShowAsync(NpgsqlConnection connection, string setting)
    {
        await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
