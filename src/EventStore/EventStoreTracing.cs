using System.Diagnostics;

namespace EventStore;

/// <summary>
/// The store's spans (<c>Evs.EventStore</c>): the append of a command's events. Created only while something listens
/// (a host with tracing on), so the store pays nothing otherwise.
/// </summary>
public static class EventStoreTracing
{
    public const string SourceName = "Evs.EventStore";

    internal static readonly ActivitySource Source = new(SourceName);
}
