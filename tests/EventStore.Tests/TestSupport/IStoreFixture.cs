using Microsoft.Extensions.Time.Testing;

namespace EventStore.Tests.TestSupport;

/// <summary>One adapter under test: a store on its own fresh database, its clock, and a way to close and reopen it.</summary>
public interface IStoreFixture
{
    IEventStore Store { get; }

    FakeTimeProvider Clock { get; }

    /// <summary>Disposes the store and opens a new one on the same database, as after a restart.</summary>
    Task ReopenAsync();

    /// <summary>A second, independent store instance on the same database (for cross-instance behaviour).</summary>
    IEventStore OpenAnother();
}
