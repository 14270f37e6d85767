using System.Threading.Channels;
using EventStore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ReadModels.Projections;
using ReadModels.Querying;
using ReadModels.Storage;

namespace ReadModels.Runner;

/// <summary>
/// Feeds projections from <c>$all</c>. Each generation of a projection (the live one, and a rebuild in shadow tables
/// when one is under way) is a target with its own checkpoint. Targets at about the same checkpoint share a lane: one
/// subscription, events deserialised once on the reading side, and one transaction per batch in which every target
/// applies its events and moves its checkpoint (exactly-once effect across crashes). A target far behind the others
/// gets a lane of its own, so a rebuild never holds back live tables. A rebuild that catches up is swapped in within
/// its last batch's transaction.
/// </summary>
public sealed partial class ProjectionRunner : IAsyncDisposable
{
    private readonly IEventStore _store;
    private readonly ReadModelDatabase _database;
    private readonly Dictionary<string, IProjection> _projections;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProjectionRunnerOptions _options;
    private readonly object _sync = new();
    private readonly Dictionary<(string Name, long Generation), Target> _targets = [];
    private readonly List<Task> _running = [];
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly CheckpointWaiters _waiters = new();
    private CancellationTokenSource _stopping = new();

    // Lanes of the current term: on PostgreSQL a node that loses its leases ends the term (its lanes) and competes again.
    private CancellationTokenSource _term = new();
    private WalCheckpointer? _checkpointer;
    private volatile bool _disposed;

    public ProjectionRunner(IEventStore store, ReadModelDatabase database, IEnumerable<IProjection> projections,
        TimeProvider? time = null, ILogger<ProjectionRunner>? logger = null, ProjectionRunnerOptions? options = null)
    {
        _store = store;
        _database = database;
        _projections = projections.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _options = options ?? new ProjectionRunnerOptions();
        var clash = _projections.Values.SelectMany(p => p.Tables.Select(t => (t.Name, Projection: p.Name)))
            .GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new InvalidOperationException($"table '{clash.Key}' is declared by {string.Join(" and ", clash.Select(c => c.Projection))}");
    }

    public IReadOnlyCollection<IProjection> Projections => _projections.Values;

    /// <summary>Prepares the catalog (first generations, rebuilds for changed versions) and starts feeding.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _term = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var head = (await _store.ReadHeadPositionAsync(cancellationToken).ConfigureAwait(false)).Value;
        var feed = new List<Target>();
        await WriteAsync(async connection =>
        {
            await ProjectionCatalog.CreateAsync(connection, cancellationToken).ConfigureAwait(false);
            if (_database.IsPostgres)
                await ProjectionLeases.CreateAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (var projection in _projections.Values)
            {
                var targets = await ProjectionCatalog.LoadAsync(connection, projection.Name, cancellationToken).ConfigureAwait(false);
                var live = targets.FirstOrDefault(t => t.Role == ProjectionCatalog.Live);
                var rebuild = targets.FirstOrDefault(t => t.Role == ProjectionCatalog.Rebuild);
                var firstMet = live is null;
                live ??= await ProjectionCatalog.AddGenerationAsync(connection, projection, ProjectionCatalog.Live, bulk: false, cancellationToken).ConfigureAwait(false);
                if (live.Version != ProjectionCatalog.Invalidated && await HistoryMovedBackAsync(connection, live, head, cancellationToken).ConfigureAwait(false))
                {
                    // A restore to an earlier point: the live tables hold events the store no longer has. They stay
                    // readable, frozen, until a rebuild from scratch replaces them (as after a version change).
                    LogHistoryMovedBack(_logger, projection.Name, live.Checkpoint, head);
                    await ProjectionCatalog.InvalidateAsync(connection, live, cancellationToken).ConfigureAwait(false);
                    live = live with { Version = ProjectionCatalog.Invalidated };
                    if (rebuild is not null)
                    {
                        await ProjectionCatalog.DropAsync(connection, rebuild, cancellationToken).ConfigureAwait(false);
                        rebuild = null;
                    }
                }

                if (rebuild is not null && await HistoryMovedBackAsync(connection, rebuild, head, cancellationToken).ConfigureAwait(false))
                {
                    await ProjectionCatalog.DropAsync(connection, rebuild, cancellationToken).ConfigureAwait(false);
                    rebuild = null;
                }

                if (rebuild is not null && rebuild.Version != projection.Version)
                {
                    await ProjectionCatalog.DropAsync(connection, rebuild, cancellationToken).ConfigureAwait(false);
                    rebuild = null;
                }

                if (rebuild is null && (live.Version != projection.Version || (firstMet && head > _options.BuildAsRebuildAbove)))
                    rebuild = await ProjectionCatalog.AddGenerationAsync(connection, projection, ProjectionCatalog.Rebuild, bulk: true, cancellationToken).ConfigureAwait(false);

                feed.AddRange(ToFeed(projection, live, rebuild));
            }
        }, cancellationToken).ConfigureAwait(false);
        _checkpointer ??= _database.StartCheckpointer();

        if (_database.IsPostgres)
        {
            // Other nodes may feed some of these: only the projections this node takes are fed here (ProjectionRunner.Leadership.cs).
            lock (_sync)
                _running.Add(Task.Run(() => LeadAsync(_stopping.Token)));
            return;
        }

        StartLanes(feed);
    }

    /// <summary>
    /// Whether the store's history moved back under a generation (a restore to an earlier point): its checkpoint lies
    /// beyond the head, or another event than the one it applied sits at its checkpoint now. Fed on, it would skip the
    /// positions written again.
    /// </summary>
    private async Task<bool> HistoryMovedBackAsync(ReadModelConnection connection, ProjectionCatalog.Target target, long head, CancellationToken cancellationToken)
    {
        if (target.Checkpoint == 0)
            return false;
        if (target.Checkpoint > head)
            return true;
        if (await ProjectionCatalog.CheckpointEventAsync(connection, target.Name, target.Generation, cancellationToken).ConfigureAwait(false) is not { } applied)
            return false;
        var now = await _store.ReadAllAsync(Direction.Forwards, new Position(target.Checkpoint), 1, cancellationToken).ConfigureAwait(false);
        // An event no longer visible there (its stream deleted) says nothing either way.
        return now is [var at] && at.Position.Value == target.Checkpoint && at.EventId != applied;
    }

    /// <summary>
    /// The generations of a projection to feed. Live tables of an older version stay readable but frozen until the
    /// rebuild replaces them; empty ones beside a rebuild from scratch just wait for it.
    /// </summary>
    private static IEnumerable<Target> ToFeed(IProjection projection, ProjectionCatalog.Target live, ProjectionCatalog.Target? rebuild)
    {
        if (live.Version == projection.Version && !(live.Checkpoint == 0 && rebuild is not null))
            yield return new Target(projection, live.Generation, live.Role, live.Checkpoint);
        if (rebuild is not null && rebuild.Version == projection.Version)
            yield return new Target(projection, rebuild.Generation, rebuild.Role, rebuild.Checkpoint);
    }

    /// <summary>Lanes from the most advanced down: each takes every target within reach of its first.</summary>
    private void StartLanes(List<Target> feed)
    {
        var remaining = feed.OrderByDescending(t => t.Checkpoint).ToList();
        while (remaining.Count > 0)
        {
            var top = remaining[0].Checkpoint;
            var lane = remaining.TakeWhile(t => t.Checkpoint >= top - _options.ShareSubscriptionWithin).ToList();
            remaining.RemoveRange(0, lane.Count);
            StartLane(lane);
        }
    }

    /// <summary>Rebuilds a projection from scratch into shadow tables while the live ones keep answering; swaps when caught up.</summary>
    public async Task RequestRebuildAsync(string name, CancellationToken cancellationToken = default)
    {
        var projection = _projections.TryGetValue(name, out var p) ? p : throw new ArgumentException($"no projection named '{name}'", nameof(name));
        Target? rebuild = null;
        await WriteAsync(async connection =>
        {
            if ((await ProjectionCatalog.LoadAsync(connection, name, cancellationToken).ConfigureAwait(false)).Any(t => t.Role == ProjectionCatalog.Rebuild))
                return;
            var added = await ProjectionCatalog.AddGenerationAsync(connection, projection, ProjectionCatalog.Rebuild, bulk: true, cancellationToken).ConfigureAwait(false);
            rebuild = new Target(projection, added.Generation, added.Role, 0);
        }, cancellationToken).ConfigureAwait(false);
        // On PostgreSQL the node that leads the projection starts feeding it at its next round.
        if (rebuild is not null && !_database.IsPostgres)
            StartLane([rebuild]);
    }

    /// <summary>Head, checkpoint, lag, speed and rebuild progress of every projection.</summary>
    public async Task<IReadOnlyList<ProjectionStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var head = (await _store.ReadHeadPositionAsync(cancellationToken).ConfigureAwait(false)).Value;
        var connection = await _database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Before the runner first started there is no catalog yet: every projection is simply at zero.
            var started = await ProjectionCatalog.ExistsAsync(_database, connection, cancellationToken).ConfigureAwait(false);
            var statuses = new List<ProjectionStatus>();
            foreach (var projection in _projections.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                var targets = started ? ProjectionCatalog.Load(connection, projection.Name) : [];
                var live = targets.FirstOrDefault(t => t.Role == ProjectionCatalog.Live);
                var rebuild = targets.FirstOrDefault(t => t.Role == ProjectionCatalog.Rebuild);
                Target? liveTarget, rebuildTarget;
                lock (_sync)
                {
                    liveTarget = live is null ? null : _targets.GetValueOrDefault((projection.Name, live.Generation));
                    rebuildTarget = rebuild is null ? null : _targets.GetValueOrDefault((projection.Name, rebuild.Generation));
                }

                statuses.Add(new ProjectionStatus(
                    projection.Name,
                    (int)(live?.Version ?? 0),
                    head,
                    live?.Checkpoint ?? 0,
                    liveTarget?.EventsPerSecond(_time.GetUtcNow()) ?? 0,
                    rebuild is null ? null : new RebuildStatus((int)rebuild.Version, rebuild.Checkpoint, head == 0 ? 1 : Math.Min(1, (double)rebuild.Checkpoint / head)),
                    liveTarget?.LastError ?? rebuildTarget?.LastError));
            }

            return statuses;
        }
    }

    /// <summary>Waits until a projection's live tables include the event at <paramref name="position"/> (read-your-writes after a command).</summary>
    public Task WaitForCheckpointAsync(string name, Position position, CancellationToken cancellationToken) =>
        _waiters.WaitAsync(name, position.Value, cancellationToken);

    public async Task StopAsync()
    {
        // A host may stop its hosted services again after the container has disposed the runner (WebApplicationFactory
        // does): there is nothing left to stop then.
        if (_disposed)
            return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        while (true)
        {
            Task[] running;
            lock (_sync)
            {
                running = [.. _running];
                _running.Clear();
            }

            if (running.Length == 0)
                break;
            await Task.WhenAll(running).ConfigureAwait(false);
        }

        lock (_sync)
            _targets.Clear();

        _term.Dispose();
        _waiters.Clear();
        if (_checkpointer is { } checkpointer)
        {
            _checkpointer = null;
            await checkpointer.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        _stopping.Dispose();
        _writeGate.Dispose();
    }

    /// <summary>Runs catalog changes in one write transaction, taking turns with the lanes' batches.</summary>
    private async Task WriteAsync(Func<ReadModelConnection, Task> change, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenWriterAsync(_options.CacheMegabytes, _checkpointer, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await connection.BeginAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await connection.SerializeCatalogChangesAsync(cancellationToken).ConfigureAwait(false);
                    await change(connection).ConfigureAwait(false);
                    await connection.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await connection.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
            }
            finally
            {
                _writeGate.Release();
            }
        }
    }

    private void StartLane(List<Target> targets)
    {
        var lane = new Lane(targets, CancellationTokenSource.CreateLinkedTokenSource(_term.Token));
        lock (_sync)
        {
            foreach (var target in targets)
            {
                target.Lane = lane;
                _targets[(target.Projection.Name, target.Generation)] = target;
                if (target.Role == ProjectionCatalog.Live)
                    _waiters.Publish(target.Projection.Name, target.Checkpoint);
            }

            _running.Add(Task.Run(() => RunLaneAsync(lane)));
        }
    }

    private async Task RunLaneAsync(Lane lane)
    {
        var cancellationToken = lane.Cancellation.Token;
        try
        {
            while (!cancellationToken.IsCancellationRequested && !lane.IsEmpty)
            {
                try
                {
                    await FeedAsync(lane, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The database or the store failed, not one projection: every target retries from its committed checkpoint.
                    foreach (var target in lane.Targets)
                    {
                        target.LastError = e.Message;
                        LogProjectionFailed(_logger, e, target.Projection.Name, target.Generation);
                    }

                    await Task.Delay(_options.RetryDelay, _time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            lane.Cancellation.Dispose();
        }
    }

    /// <summary>Subscribes from the lane's lowest checkpoint and applies batches until no target is left or we stop.</summary>
    private async Task FeedAsync(Lane lane, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenWriterAsync(_options.CacheMegabytes, _checkpointer, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (!await ResumeAsync(connection, lane, cancellationToken).ConfigureAwait(false))
                return;
            using var pumpStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var from = lane.Targets.Min(t => t.Checkpoint);
            var items = Channel.CreateBounded<LaneItem>(new BoundedChannelOptions(_options.BatchSize * 2) { SingleReader = true, SingleWriter = true });
            var readers = new EventReaders([.. lane.Targets.Select(t => t.Projection)]);
            var pump = Task.Run(() => PumpAsync(from, readers, items.Writer, pumpStop.Token), CancellationToken.None);
            try
            {
                var batch = new List<LaneItem>(_options.BatchSize);
                while (await items.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    batch.Clear();
                    var caughtUp = false;
                    while (batch.Count < _options.BatchSize && items.Reader.TryRead(out var item))
                    {
                        if (item.Recorded is null)
                            caughtUp = true;
                        else
                            batch.Add(item);
                    }

                    if (!await CommitBatchAsync(connection, lane, batch, caughtUp, cancellationToken).ConfigureAwait(false))
                        return;
                }
            }
            finally
            {
                await pumpStop.CancelAsync().ConfigureAwait(false);
                await pump.ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Reloads every target's committed checkpoint (dropping generations gone meanwhile) and defers the indexes of
    /// rebuilds that do not have them yet. False when no target is left.
    /// </summary>
    private async Task<bool> ResumeAsync(ReadModelConnection connection, Lane lane, CancellationToken cancellationToken)
    {
        var deferred = new DeferredIndexes();
        foreach (var target in lane.Targets)
        {
            var row = await ProjectionCatalog.FindAsync(connection, target.Projection.Name, target.Generation, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                Retire(target);
                continue;
            }

            target.Checkpoint = row.Checkpoint;
            if (row.Role == ProjectionCatalog.Rebuild)
                await ProjectionCatalog.DeferMissingIndexesAsync(connection, target.Projection, target.Generation, deferred, cancellationToken).ConfigureAwait(false);
        }

        connection.Deferred = deferred;
        lane.DropRetired();
        return !lane.IsEmpty;
    }

    /// <summary>
    /// Reads <c>$all</c> for a lane and deserialises each event once for every projection that handles it, on this
    /// side of the channel, so reading and applying run on both cores.
    /// </summary>
    private async Task PumpAsync(long from, EventReaders readers, ChannelWriter<LaneItem> items, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _store.SubscribeToAllAsync(FromAll.After(new Position(from)), cancellationToken).ConfigureAwait(false))
            {
                var item = message switch
                {
                    SubscriptionMessage.Event { Recorded: var recorded } => readers.Read(recorded),
                    SubscriptionMessage.CaughtUp => new LaneItem(null, null, null),
                    _ => (LaneItem?)null,
                };
                if (item is { } ready)
                    await items.WriteAsync(ready, cancellationToken).ConfigureAwait(false);
            }

            items.TryComplete();
        }
        catch (Exception e)
        {
            items.TryComplete(e);
        }
    }

    /// <summary>
    /// Applies a batch to every target of the lane and moves their checkpoints in one transaction. A projection that
    /// throws is rolled back to its savepoint, leaves the lane and is retried on its own later; the others commit.
    /// False when the lane has no target left.
    /// </summary>
    private async Task<bool> CommitBatchAsync(ReadModelConnection connection, Lane lane, List<LaneItem> batch, bool caughtUp, CancellationToken cancellationToken)
    {
        lane.DropRetired();
        var targets = lane.Targets;
        if (targets.Length == 0)
            return false;
        if (batch.Count == 0 && !(caughtUp && targets.Any(t => t.Role == ProjectionCatalog.Rebuild)))
            return true;

        var done = new List<(Target Target, long Checkpoint, int Applied, bool Swapped)>();
        var failed = new List<(Target Target, Exception Error)>();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.BeginAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var target in targets)
                {
                    var row = await ProjectionCatalog.FindAsync(connection, target.Projection.Name, target.Generation, cancellationToken).ConfigureAwait(false);
                    if (row is null)
                    {
                        target.Retired = true;
                        continue;
                    }

                    await connection.SavepointAsync("target", cancellationToken).ConfigureAwait(false);
                    try
                    {
                        var (checkpoint, applied, lastEvent) = await ApplyAsync(connection, target, row.Checkpoint, batch, cancellationToken).ConfigureAwait(false);
                        if (checkpoint != row.Checkpoint)
                            await ProjectionCatalog.SaveCheckpointAsync(connection, target.Projection.Name, target.Generation, checkpoint, lastEvent, cancellationToken).ConfigureAwait(false);
                        var swap = row.Role == ProjectionCatalog.Rebuild && caughtUp;
                        if (swap)
                        {
                            await ProjectionCatalog.CreateIndexesAsync(connection, target.Projection, target.Generation, cancellationToken).ConfigureAwait(false);
                            await ProjectionCatalog.SwapAsync(connection, target.Projection, target.Generation, cancellationToken).ConfigureAwait(false);
                        }

                        await connection.ReleaseAsync("target", cancellationToken).ConfigureAwait(false);
                        done.Add((target, checkpoint, applied, swap));
                    }
                    catch (Exception e) when (e is not OutOfMemoryException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
                    {
                        await connection.RollbackToAsync("target", cancellationToken).ConfigureAwait(false);
                        await connection.ReleaseAsync("target", cancellationToken).ConfigureAwait(false);
                        failed.Add((target, e));
                    }
                }

                await connection.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }

        var now = _time.GetUtcNow();
        foreach (var (target, checkpoint, applied, swapped) in done)
        {
            target.Checkpoint = checkpoint;
            target.Record(applied, now);
            if (swapped)
                SwappedIn(target);
            if (target.Role == ProjectionCatalog.Live)
                _waiters.Publish(target.Projection.Name, checkpoint);
        }

        foreach (var (target, error) in failed)
        {
            target.LastError = error.Message;
            LogProjectionFailed(_logger, error, target.Projection.Name, target.Generation);
            lane.Remove(target);
            RetryLater(target);
        }

        lane.DropRetired();
        return !lane.IsEmpty;
    }

    /// <summary>Applies the batch's events after <paramref name="checkpoint"/> to one target; returns its new checkpoint, how many it applied and the id of the event at the checkpoint.</summary>
    private static async Task<(long Checkpoint, int Applied, Guid LastEvent)> ApplyAsync(ReadModelConnection connection, Target target, long checkpoint, List<LaneItem> batch, CancellationToken cancellationToken)
    {
        var writer = target.WriterFor(connection);
        var projection = target.Projection;
        var typed = projection as Projection;
        var applied = 0;
        var lastEvent = Guid.Empty;
        foreach (var item in batch)
        {
            var recorded = item.Recorded!;
            if (recorded.Position.Value <= checkpoint)
                continue;
            using var traced = ProjectionTracing.StartApply(projection.Name, recorded);
            if (typed is not null && item.Event is not null && ReferenceEquals(item.Registry, typed.Registry))
                await typed.ApplyAsync(item.Event, recorded, writer).ConfigureAwait(false);
            else
                await projection.ApplyAsync(recorded, writer, cancellationToken).ConfigureAwait(false);
            checkpoint = recorded.Position.Value;
            lastEvent = recorded.EventId;
            applied++;
        }

        return (checkpoint, applied, lastEvent);
    }

    /// <summary>A rebuild became the live generation: the generation it replaced stops being fed.</summary>
    private void SwappedIn(Target target)
    {
        target.Role = ProjectionCatalog.Live;
        LogSwapped(_logger, target.Projection.Name, target.Generation, target.Projection.Version);
        List<Target> replaced;
        lock (_sync)
            replaced = [.. _targets.Values.Where(t => t.Projection.Name == target.Projection.Name && t.Generation != target.Generation)];
        foreach (var old in replaced)
            Retire(old);
    }

    /// <summary>Stops feeding a generation that no longer exists; its lane ends when nothing is left in it.</summary>
    private void Retire(Target target)
    {
        target.Retired = true;
        lock (_sync)
            _targets.Remove((target.Projection.Name, target.Generation));
        if (target.Lane is { IsEmpty: true } lane)
            lane.Cancel();
    }

    private void RetryLater(Target target)
    {
        lock (_sync)
        {
            _running.Add(Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(_options.RetryDelay, _time, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                lock (_sync)
                {
                    // Stopped, or (PostgreSQL) the node lost the projection meanwhile: whoever feeds it now retries.
                    if (_stopping.IsCancellationRequested || !ReferenceEquals(_targets.GetValueOrDefault((target.Projection.Name, target.Generation)), target))
                        return;
                }

                StartLane([target]);
            }));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Projection {Name} generation {Generation} failed; retrying")]
    private static partial void LogProjectionFailed(ILogger logger, Exception exception, string name, long generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store's history moved back under projection {Name} (checkpoint {Checkpoint}, head {Head}): a restore to an earlier point; rebuilding it from scratch")]
    private static partial void LogHistoryMovedBack(ILogger logger, string name, long checkpoint, long head);

    [LoggerMessage(Level = LogLevel.Information, Message = "Projection {Name} swapped to generation {Generation} (version {Version})")]
    private static partial void LogSwapped(ILogger logger, string name, long generation, int version);

    /// <summary>An event on its way from the reading side to a lane's batch, deserialised once; no event: the subscription caught up.</summary>
    private readonly record struct LaneItem(RecordedEvent? Recorded, object? Event, EventStore.Serialization.EventTypeRegistry? Registry);

    /// <summary>What a lane's projections need from each event: nothing, or the event read by their registry.</summary>
    private sealed class EventReaders(IReadOnlyList<IProjection> projections)
    {
        private readonly Projection[] _typed = [.. projections.OfType<Projection>()];

        public LaneItem Read(RecordedEvent recorded)
        {
            foreach (var projection in _typed)
            {
                if (!projection.Handles(recorded.Type))
                    continue;
                // A broken event is left for the projection to fail on, inside its own savepoint.
                return projection.Registry.TryDeserialize(recorded, out var e) ? new LaneItem(recorded, e, projection.Registry) : new LaneItem(recorded, null, null);
            }

            return new LaneItem(recorded, null, null);
        }
    }

    /// <summary>
    /// Targets fed by one subscription, in one transaction per batch. Only the lane's own loop removes targets; other
    /// lanes mark them retired (a swap elsewhere), hence the lock.
    /// </summary>
    private sealed class Lane(List<Target> targets, CancellationTokenSource cancellation)
    {
        private readonly List<Target> _targets = targets;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Target[] Targets
        {
            get
            {
                lock (_targets)
                    return [.. _targets];
            }
        }

        public bool IsEmpty
        {
            get
            {
                lock (_targets)
                    return _targets.TrueForAll(t => t.Retired);
            }
        }

        public void Remove(Target target)
        {
            lock (_targets)
                _targets.Remove(target);
        }

        public void DropRetired()
        {
            lock (_targets)
                _targets.RemoveAll(t => t.Retired);
        }

        public void Cancel()
        {
            try
            {
                Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The lane has ended already.
            }
        }
    }

    /// <summary>One generation being fed: its committed checkpoint, recent speed and last error.</summary>
    private sealed class Target(IProjection projection, long generation, string role, long checkpoint)
    {
        private readonly Queue<(DateTimeOffset At, int Count)> _recent = new();
        private (ReadModelConnection Connection, ProjectionWriter Writer)? _writer;

        public IProjection Projection { get; } = projection;

        public long Generation { get; } = generation;

        public volatile string Role = role;

        public long Checkpoint = checkpoint;

        public volatile bool Retired;

        public Lane? Lane { get; set; }

        public string? LastError { get; set; }

        public ProjectionWriter WriterFor(ReadModelConnection connection)
        {
            if (_writer is not { } current || !ReferenceEquals(current.Connection, connection))
                _writer = current = (connection, new ProjectionWriter(connection, Projection, Generation));
            return current.Writer;
        }

        public void Record(int applied, DateTimeOffset now)
        {
            lock (_recent)
            {
                _recent.Enqueue((now, applied));
                while (_recent.Count > 0 && now - _recent.Peek().At > TimeSpan.FromSeconds(10))
                    _recent.Dequeue();
            }

            LastError = null;
        }

        public double EventsPerSecond(DateTimeOffset now)
        {
            lock (_recent)
            {
                var window = _recent.Where(r => now - r.At <= TimeSpan.FromSeconds(10)).ToList();
                return window.Count == 0 ? 0 : window.Sum(r => r.Count) / 10.0;
            }
        }
    }
}
