using EventStore.Storage;

namespace EventStore.Checkpoints;

/// <summary>When to sign: after <see cref="EveryEvents"/> new events, or <see cref="Every"/> after the last checkpoint when anything is new.</summary>
public sealed record CheckpointSchedule(long EveryEvents, TimeSpan Every)
{
    public static CheckpointSchedule Default { get; } = new(1000, TimeSpan.FromMinutes(5));
}

/// <summary>
/// Signs the store's head — position, <c>$all</c> link, event count — and hands the checkpoint to every witness. Each
/// checkpoint links to the one before it. Before signing, it checks that the link stored at the previous checkpoint's
/// position is still the one signed there: if not, the history it vouched for was changed, and it signs nothing more
/// (<see cref="Alarm"/>). Run one writer per store (several would number their checkpoints alike, and the witness keeps
/// only the first of each number).
/// </summary>
public sealed class CheckpointWriter(
    RelationalEventStore store,
    ICheckpointSigner signer,
    IReadOnlyList<ICheckpointWitness> witnesses,
    CheckpointSchedule schedule,
    string storeName,
    TimeProvider? time = null)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private bool _loaded;

    /// <summary>How often the running writer looks at the store's head.</summary>
    public static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(1);

    /// <summary>The last checkpoint written (or found in the witnesses at start).</summary>
    public SignedCheckpoint? Latest { get; private set; }

    /// <summary>Set when the stored history no longer matches the last checkpoint: nothing is signed after that.</summary>
    public string? Alarm { get; private set; }

    /// <summary>The last failure of the running loop (a witness or the database unreachable), cleared by the next success.</summary>
    public Exception? LastFailure { get; private set; }

    /// <summary>Signs and writes a checkpoint if the store moved since the last one; returns it, or null when nothing is new.</summary>
    public async Task<SignedCheckpoint?> CheckpointNowAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LoadAsync(cancellationToken).ConfigureAwait(false);
            if (Alarm is not null)
                throw new CheckpointRefusedException(Alarm);
            var previous = Latest;
            var since = previous?.Body.Position ?? 0;
            var state = await store.ReadChainStateAsync(since, cancellationToken).ConfigureAwait(false);
            if (previous is { } last && (state.Position < since || state.LinkAtSince is not { } link || !link.AsSpan().SequenceEqual(last.Body.AllHash)))
            {
                Alarm = state.Position < since
                    ? $"the store ends at position {state.Position}, before checkpoint #{last.Body.Sequence} at position {last.Body.Position}: an older copy was restored or events were removed"
                    : $"the $all link stored at position {since} is not the one signed in checkpoint #{last.Body.Sequence}: the history before it was changed";
                throw new CheckpointRefusedException(Alarm);
            }

            if (state.Position == since)
                return null;

            var body = new Checkpoint(
                storeName,
                (previous?.Body.Sequence ?? 0) + 1,
                state.Position,
                (previous?.Body.EventCount ?? 0) + state.EventsSince,
                state.AllHash,
                HashChain.FromUnixMicroseconds(HashChain.ToUnixMicroseconds(_time.GetUtcNow())),
                previous?.Digest ?? HashChain.Genesis.ToArray());
            var signed = new SignedCheckpoint(body, signer.KeyId, CheckpointFormat.Es256, signer.Sign(CheckpointFormat.Payload(body, signer.KeyId, CheckpointFormat.Es256)));
            var failures = new List<Exception>();
            foreach (var witness in witnesses)
            {
                try
                {
                    await witness.WriteAsync(signed, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
                {
                    failures.Add(e);
                }
            }

            // Kept by at least one witness: the next checkpoint links to it. The others are reported.
            if (failures.Count < witnesses.Count)
                Latest = signed;
            if (failures.Count > 0)
                throw new AggregateException($"{failures.Count} of {witnesses.Count} witnesses did not keep checkpoint #{body.Sequence}", failures);
            return signed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Looks at the head every <see cref="LookEvery"/> and signs on the schedule, until cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(LookEvery < schedule.Every ? LookEvery : schedule.Every, _time, stopping).ConfigureAwait(false);
                await _gate.WaitAsync(stopping).ConfigureAwait(false);
                try
                {
                    await LoadAsync(stopping).ConfigureAwait(false);
                }
                finally
                {
                    _gate.Release();
                }

                var head = (await store.ReadHeadPositionAsync(stopping).ConfigureAwait(false)).Value;
                var last = Latest;
                var since = last?.Body.Position ?? 0;
                var due = head - since >= schedule.EveryEvents
                    || (head != since && (last is null || _time.GetUtcNow() - last.Body.CreatedAt >= schedule.Every));
                if (due && Alarm is null)
                    await CheckpointNowAsync(stopping).ConfigureAwait(false);
                LastFailure = null;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LastFailure = e;
            }
        }
    }

    /// <summary>Continues the witnesses' chain: the highest-numbered checkpoint of this store any of them keeps. Called under the gate.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
            return;
        foreach (var witness in witnesses)
        {
            foreach (var entry in await witness.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (entry.Checkpoint is { } kept && kept.Body.Store == storeName && kept.Body.Sequence > (Latest?.Body.Sequence ?? 0))
                    Latest = kept;
            }
        }

        _loaded = true;
    }
}

/// <summary>The checkpoint writer will not sign: the stored history no longer matches what it signed before.</summary>
public sealed class CheckpointRefusedException(string message) : Exception(message);
