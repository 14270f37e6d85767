using EventStore.Grpc;
using EventStore.Kurrent;
using EventStore.Tests.Sqlite;
using EventStore.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EventStore.Tests.Kurrent;

/// <summary>
/// The KurrentDB adapter against our own endpoint (tls=false), which runs in-process over a fresh SQLite store: both
/// directions of the protocol meet here. Reopening restarts the endpoint and the store under it, as after a restart.
/// </summary>
public sealed class KurrentStoreFixture : IStoreFixture, IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Writable = new() { ["AllowWrites"] = "true", ["Anonymous:Role"] = "writer" };

    private readonly SqliteStoreFixture _backing = new();
    private readonly List<IEventStore> _others = [];
    private KurrentEndpointHost? _host;
    private IEventStore? _store;

    public IEventStore Store => _store ?? throw new InvalidOperationException("the store is opened in InitializeAsync");

    public FakeTimeProvider Clock => _backing.Clock;

    private string ConnectionString => $"kurrentdb://127.0.0.1:{_host!.Port}?tls=false";

    public async Task InitializeAsync()
    {
        _host = await KurrentEndpointHost.StartAsync(_backing.Store, Clock, Writable);
        _store = new KurrentDbEventStore(ConnectionString);
    }

    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        await _host!.DisposeAsync();
        await _backing.ReopenAsync();
        _host = await KurrentEndpointHost.StartAsync(_backing.Store, Clock, Writable);
        _store = new KurrentDbEventStore(ConnectionString);
    }

    public IEventStore OpenAnother()
    {
        var store = new KurrentDbEventStore(ConnectionString);
        _others.Add(store);
        return store;
    }

    public async Task DisposeAsync()
    {
        foreach (var other in _others)
            await other.DisposeAsync();
        if (_store is not null)
            await _store.DisposeAsync();
        if (_host is not null)
            await _host.DisposeAsync();
        await _backing.DisposeAsync();
    }
}
