using EventStore.CommandHandling;
using EventStore.DependencyInjection;
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
}
