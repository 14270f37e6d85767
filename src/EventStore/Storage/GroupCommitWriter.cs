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
    private readonly Func<IReadOnlyList<WriteRequest>, bool, CancellationToken, Task<IWriteSession>> _beginSession;
    private readonly TimeProvider _time;
    private readonly Action _committed;
    private readonly Task _loop;

    /// <param name="beginSession">
    /// Opens a session for a drain, shown the requests it will apply and whether it may start from remembered state.
    /// </param>
    public GroupCommitWriter(Func<IReadOnlyList<WriteRequest>, bool, CancellationToken, Task<IWriteSession>> beginSession, TimeProvider time, Action committed)
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
        var done = new List<(WriteRequest Request, AppendResult Result, Exception? Refusal)>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            drain.Clear();
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
                // A session may start from what the store remembers of its last drain instead of reading it back; if
                // another writer moved the store meanwhile, the drain runs again on state read under the write lock.
                if (!await TryDrainAsync(drain, done, rememberedState: true).ConfigureAwait(false)
                    && !await TryDrainAsync(drain, done, rememberedState: false).ConfigureAwait(false))
                    throw new InvalidOperationException("a drain on state read under the write lock was reported stale");
            }
            catch (Exception broken)
            {
                foreach (var request in drain)
                    request.Completion.TrySetException(broken);
                continue;
            }

            foreach (var (request, result, refusal) in done)
            {
                if (refusal is null)
                    request.Completion.TrySetResult(result);
                else
                    request.Completion.TrySetException(refusal);
            }

            if (done.Any(d => d.Refusal is null))
                _committed();
        }
    }

    /// <summary>
    /// Applies a drain in one session and commits it; false (nothing written, <paramref name="done"/> empty) when the
    /// session rested on remembered state that turned out stale, or refused something on it.
    /// </summary>
    private async Task<bool> TryDrainAsync(List<WriteRequest> drain, List<(WriteRequest Request, AppendResult Result, Exception? Refusal)> done, bool rememberedState)
    {
        done.Clear();
        var session = await _beginSession(drain, rememberedState, CancellationToken.None).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var now = HashChain.ToUnixMicroseconds(_time.GetUtcNow());
            foreach (var request in drain)
            {
                try
                {
                    done.Add((request, await WriteOperations.ApplyAsync(session, request, now, CancellationToken.None).ConfigureAwait(false), null));
                }
                catch (Exception refused) when (refused is WrongExpectedVersionException or StreamDeletedException or IdempotencyConflictException)
                {
                    done.Add((request, default, refused));
                }
                catch (StaleWriteStateException)
                {
                    done.Clear();
                    return false;
                }
            }

            // A refusal decided on remembered state is only as good as that state: decide again on fresh state.
            if (session.RememberedState && done.Any(d => d.Refusal is not null))
            {
                done.Clear();
                return false;
            }

            try
            {
                if (done.Any(d => d.Refusal is null))
                    await session.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (StaleWriteStateException)
            {
                done.Clear();
                return false;
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
