using EventStore.CommandHandling;
using EventStore.DependencyInjection;
using EventStore.Kurrent;
using EventStore.Postgres;
using EventStore.Sqlite;
using EventStore.Tests.CommandHandling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventStore.Tests.DependencyInjection;

public sealed class AddEventStoreTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddEventStore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), typeof(TallyRaised).Assembly)
        .BuildServiceProvider();

    [Fact]
    public async Task Sqlite_is_the_default_and_creates_its_file_on_first_use()
    {
        var path = Path.Combine(Path.GetTempPath(), "evs-di", Guid.NewGuid().ToString("N"), "events.db");
        await using var services = Build(new() { ["EventStore:Sqlite:Path"] = path });

        var store = services.GetRequiredService<IEventStore>().ShouldBeOfType<SqliteEventStore>();
        (await store.ReadHeadPositionAsync()).ShouldBe(Position.Start);

        File.Exists(path).ShouldBeTrue();
        services.GetRequiredService<CommandHandler<TallyDecider, Tally, RaiseTally, ITallyEvent>>().ShouldNotBeNull();
    }

    [Fact]
    public async Task The_postgres_provider_uses_the_configured_server()
    {
        await using var database = await TestSupport.PostgresDatabase.CreateAsync(maxPoolSize: 5);
        await using var services = Build(new() { ["EventStore:Provider"] = "postgres", ["EventStore:Postgres:ConnectionString"] = database.ConnectionString });

        var store = services.GetRequiredService<IEventStore>().ShouldBeOfType<PostgresEventStore>();

        (await store.ReadHeadPositionAsync()).ShouldBe(Position.Start);
    }

    [Fact]
    public void A_postgres_provider_without_a_connection_string_or_an_unknown_provider_is_refused_at_start_up()
    {
        Should.Throw<InvalidOperationException>(() => Build(new() { ["EventStore:Provider"] = "postgres" })).Message.ShouldContain("ConnectionString");
        Should.Throw<InvalidOperationException>(() => Build(new() { ["EventStore:Provider"] = "oracle" })).Message.ShouldContain("oracle");
    }

    [Fact]
    public async Task The_kurrentdb_provider_talks_to_the_configured_server()
    {
        var backing = new Sqlite.SqliteStoreFixture();
        try
        {
            await using var endpoint = await EventStore.Grpc.KurrentEndpointHost.StartAsync(backing.Store, backing.Clock, new Dictionary<string, string?>());
            await backing.Store.AppendToStreamAsync("seen-through-kurrentdb", StreamState.NoStream, TestSupport.TestEvents.Many(2));
            await using var services = Build(new() { ["EventStore:Provider"] = "kurrentdb", ["EventStore:KurrentDb:ConnectionString"] = $"kurrentdb://127.0.0.1:{endpoint.Port}?tls=false" });

            var store = services.GetRequiredService<IEventStore>().ShouldBeOfType<KurrentDbEventStore>();

            (await store.ReadHeadPositionAsync()).ShouldBe(new Position(2));
        }
        finally
        {
            await backing.DisposeAsync();
        }
    }

    [Fact]
    public void A_kurrentdb_provider_without_a_usable_connection_string_is_refused_at_start_up_without_echoing_a_password()
    {
        Should.Throw<InvalidOperationException>(() => Build(new() { ["EventStore:Provider"] = "kurrentdb" })).Message.ShouldContain("EventStore:KurrentDb:ConnectionString");
        var refused = Should.Throw<InvalidOperationException>(() => Build(new()
        {
            ["EventStore:Provider"] = "kurrentdb",
            ["EventStore:KurrentDb:ConnectionString"] = "kurrentdb://app:s3cret-pw@db.example:2113?tls=false",
        }));
        refused.Message.ShouldContain("tls=true");
        refused.Message.ShouldNotContain("s3cret-pw");
    }
}
