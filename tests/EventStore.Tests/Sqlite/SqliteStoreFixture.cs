using EventStore.Sqlite;
using EventStore.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EventStore.Tests.Sqlite;

/// <summary>A fresh SQLite store file per test class, deleted afterwards.</summary>
public sealed class SqliteStoreFixture : IStoreFixture, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "evs-tests", Guid.NewGuid().ToString("N"));
    private readonly List<IEventStore> _others = [];

    public SqliteStoreFixture()
    {
        Directory.CreateDirectory(_directory);
        Store = Open();
    }

    public string FilePath => Path.Combine(_directory, "events.db");

    public IEventStore Store { get; private set; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private SqliteEventStore Open() => new(FilePath, Clock, TimeSpan.FromMilliseconds(100));

    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = Open();
    }

    public IEventStore OpenAnother()
    {
        var store = Open();
        _others.Add(store);
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var other in _others)
            await other.DisposeAsync();
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A reader still closing: the temp folder is cleaned by the OS later.
        }
    }
}
