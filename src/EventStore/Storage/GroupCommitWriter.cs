using System.Threading.Channels;

namespace EventStore.Storage;

/// <summary>
/// The single writer: drains every queued request into one transaction (group commit), so many concurrent
/// callers share one fsync. A refused request (wrong expectation, deleted stream, idempotency conflict)
/// fails alone; an infrastructure error fails the whole drain, which is rolled back.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxRequestsPerDrain = 2048;
    private const int MaxEventsPerDrain = 20_000;

    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<WriteRequest>, CancellationToken, Task<IWriteSession>> _beginSession;
    private readonly TimeProvider _time;
    private readonly Action _committed;
    private readonly Task _loop;

    /// <param name="beginSession">Opens a session for a drain, shown the requests it will apply.</param>
    public GroupCommitWriter(Func<IReadOnlyList<WriteRequest>, CancellationToken, Task<IWriteSession>> beginSession, TimeProvider time, Action committed)
    {
        _beginSession = beginSession;
        _time = time;
        _committed = committed;
        _loop = Task.Run(RunAsync);
    }

    public Task<AppendResult> EnqueueAsync(WriteRequest request)
    {
        if (!_queue.Writer.TryWrite(request))
            throw new ObjectDisposedException(nameof(GroupCommitWriter), "the event store is closed");
        return request.Completion.Task.WaitAsync(request.CancellationToken);
    }

    private async Task RunAsync()
    {
        var drain = new List<WriteRequest>();
        var done = new List<(WriteRequest Request, AppendResult Result)>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            drain.Clear();
            done.Clear();
            var events = 0;
            while (drain.Count < MaxRequestsPerDrain && events < MaxEventsPerDrain && _queue.Reader.TryRead(out var next))
            {
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.Completion.TrySetCanceled(next.CancellationToken);
                    continue;
                }

                drain.Add(next);
                events += next.Events.Count;
            }

            if (drain.Count == 0)
                continue;

            try
            {
                var session = await _beginSession(drain, CancellationToken.None).ConfigureAwait(false);
                await using (session.ConfigureAwait(false))
                {
                    var now = HashChain.ToUnixMicroseconds(_time.GetUtcNow());
                    foreach (var request in drain)
                    {
                        try
                        {
                            done.Add((request, await WriteOperations.ApplyAsync(session, request, now, CancellationToken.None).ConfigureAwait(false)));
                        }
                        catch (Exception refused) when (refused is WrongExpectedVersionException or StreamDeletedException or IdempotencyConflictException)
                        {
                            request.Completion.TrySetException(refused);
                        }
                    }

                    if (done.Count > 0)
                        await session.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception broken)
            {
                foreach (var request in drain)
                    request.Completion.TrySetException(broken);
                continue;
            }

            foreach (var (request, result) in done)
                request.Completion.TrySetResult(result);
            if (done.Count > 0)
                _committed();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
