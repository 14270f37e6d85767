using EventStore.Postgres;
using EventStore.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EventStore.Tests.Postgres;

/// <summary>A PostgreSQL store on a database of its own, created for one test class and dropped after it.</summary>
public sealed class PostgresStoreFixture : IStoreFixture, IAsyncLifetime
{
    private readonly List<IEventStore> _others = [];
    private PostgresDatabase? _database;
    private IEventStore? _store;

    public PostgresDatabase Database => _database ?? throw new InvalidOperationException("the database is created in InitializeAsync");

    public IEventStore Store => _store ?? throw new InvalidOperationException("the store is opened in InitializeAsync");

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private PostgresEventStore Open() => new(Database.ConnectionString, Clock, TimeSpan.FromMilliseconds(200));

    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        _store = Open();
    }

    public IEventStore OpenAnother()
    {
        var store = Open();
        _others.Add(store);
        return store;
    }

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _store = Open();
    }

    public async Task DisposeAsync()
    {
        foreach (var other in _others)
            await other.DisposeAsync();
        if (_store is not null)
            await _store.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
