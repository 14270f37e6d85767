using EventStore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EndToEnd.Tests.Harness;

/// <summary>
/// Wraps the app's event store so that two appends to one stream are certain to overlap: the first waits until a
/// second arrives (so both were decided on the same state), then is written, and only then does the second reach the
/// store. Later appends, and appends to other streams, pass straight through. Install it with <see cref="Install"/>
/// from <see cref="ServiceUnderTest"/>'s <c>ConfigureServices</c>.
/// </summary>
public sealed class AppendRendezvous(string streamId)
{
    private readonly TaskCompletionSource _secondArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrivals;

    /// <summary>How long the first append waits for the second before failing the request (and so the test).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>True once two appends to the stream have met.</summary>
    public bool Met => _secondArrived.Task.IsCompleted;

    /// <summary>Replaces the registered <see cref="IEventStore"/> with one that holds appends to <c>streamId</c> as described.</summary>
    public void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IEventStore));
        var create = original.ImplementationFactory ?? throw new InvalidOperationException("the event store is expected to be registered by a factory");
        services.Replace(ServiceDescriptor.Singleton<IEventStore>(provider => new Store((IEventStore)create(provider), this)));
    }

    private async Task<AppendResult> AppendAsync(IEventStore inner, string stream, StreamState expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        if (stream != streamId)
            return await inner.AppendToStreamAsync(stream, expected, events, cancellationToken);
        switch (Interlocked.Increment(ref _arrivals))
        {
            case 1:
                try
                {
                    await _secondArrived.Task.WaitAsync(Patience, cancellationToken);
                    return await inner.AppendToStreamAsync(stream, expected, events, cancellationToken);
                }
                finally
                {
                    _firstWritten.TrySetResult();
                }
            case 2:
                _secondArrived.TrySetResult();
                await _firstWritten.Task.WaitAsync(cancellationToken);
                return await inner.AppendToStreamAsync(stream, expected, events, cancellationToken);
            default:
                return await inner.AppendToStreamAsync(stream, expected, events, cancellationToken);
        }
    }

    private sealed class Store(IEventStore inner, AppendRendezvous rendezvous) : IEventStore
    {
        public Task<AppendResult> AppendToStreamAsync(string streamId, StreamState expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default) =>
            rendezvous.AppendAsync(inner, streamId, expected, events, cancellationToken);

        public Task<ReadStreamResult> ReadStreamAsync(string streamId, Direction direction, StreamRevision from, int maxCount, CancellationToken cancellationToken = default) =>
            inner.ReadStreamAsync(streamId, direction, from, maxCount, cancellationToken);

        public Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(Direction direction, Position from, int maxCount, CancellationToken cancellationToken = default) =>
            inner.ReadAllAsync(direction, from, maxCount, cancellationToken);

        public Task<Position> ReadHeadPositionAsync(CancellationToken cancellationToken = default) => inner.ReadHeadPositionAsync(cancellationToken);

        public IAsyncEnumerable<SubscriptionMessage> SubscribeToAllAsync(FromAll start, CancellationToken cancellationToken = default) =>
            inner.SubscribeToAllAsync(start, cancellationToken);

        public Task SetStreamMetadataAsync(string streamId, StreamMetadata metadata, CancellationToken cancellationToken = default) =>
            inner.SetStreamMetadataAsync(streamId, metadata, cancellationToken);

        public Task<StreamMetadata> GetStreamMetadataAsync(string streamId, CancellationToken cancellationToken = default) =>
            inner.GetStreamMetadataAsync(streamId, cancellationToken);

        public Task DeleteStreamAsync(string streamId, StreamState expected, CancellationToken cancellationToken = default) =>
            inner.DeleteStreamAsync(streamId, expected, cancellationToken);

        public Task TombstoneStreamAsync(string streamId, StreamState expected, CancellationToken cancellationToken = default) =>
            inner.TombstoneStreamAsync(streamId, expected, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
