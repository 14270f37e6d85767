using EventStore.Kurrent.Protocol;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace EventStore.Grpc.Streams;

/// <summary>
/// Writes read responses without a network flush each (gRPC's buffer hint) and flushes once per page, or before the
/// call would wait for the store: a page of events goes out in a few packets instead of one per event, and nothing
/// written sits in the buffer while the subscription waits for new commits.
/// </summary>
internal sealed class ResponseBatcher(IServerStreamWriter<ReadResp> writer, ServerCallContext context)
{
    /// <summary>At most this many messages wait in the buffer, so a long catch-up never holds much memory.</summary>
    private const int MaxBuffered = 256;

    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    private int _buffered;

    public async Task WriteAsync(ReadResp response, CancellationToken cancellationToken)
    {
        writer.WriteOptions = Buffered;
        await writer.WriteAsync(response, cancellationToken);
        if (++_buffered >= MaxBuffered)
            await FlushAsync(cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffered == 0)
            return;
        _buffered = 0;
        await context.GetHttpContext().Response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>The next message of a store enumeration, flushing first when it is not ready at once.</summary>
    public async ValueTask<bool> MoveNextAsync<T>(IAsyncEnumerator<T> messages, CancellationToken cancellationToken)
    {
        var next = messages.MoveNextAsync();
        if (!next.IsCompleted)
            await FlushAsync(cancellationToken);
        return await next;
    }
}
