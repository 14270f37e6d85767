using System.Collections.Concurrent;
using System.Threading.Channels;
using EventStore;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ReadModels.Projections;
using ReadModels.Querying;

namespace ReadModels.Runner;

/// <summary>
/// Feeds projections from <c>$all</c>. Each generation of a projection (the live one, and a rebuild in shadow tables
/// when one is under way) has its own subscription from its own checkpoint, so a rebuild never holds back live
/// tables. Events are applied in batches, each in one transaction together with the checkpoint (exactly-once
/// effect across crashes). A rebuild that catches up is swapped in within its last batch's transaction.
/// </summary>
public sealed partial class ProjectionRunner : IAsyncDisposable
{
    private readonly IEventStore _store;
    private readonly ReadModelDatabase _database;
    private readonly Dictionary<string, IProjection> _projections;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProjectionRunnerOptions _options;
    private readonly ConcurrentDictionary<(string Name, long Generation), TargetLoop> _loops = new();
    private readonly SemaphoreSlim _catalogGate = new(1, 1);
    private CancellationTokenSource _stopping = new();
    private volatile bool _disposed;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
        var connection = await _database.OpenWriteConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            ProjectionCatalog.Create(connection);
            foreach (var projection in _projections.Values)
            {
                ProjectionCatalog.Target live;
                ProjectionCatalog.Target? rebuild;
                using (var transaction = connection.BeginTransaction(deferred: false))
                {
                    var targets = ProjectionCatalog.Load(connection, transaction, projection.Name);
                    live = targets.FirstOrDefault(t => t.Role == ProjectionCatalog.Live) ?? ProjectionCatalog.AddGeneration(connection, transaction, projection, ProjectionCatalog.Live);
                    rebuild = targets.FirstOrDefault(t => t.Role == ProjectionCatalog.Rebuild);
                    if (rebuild is not null && rebuild.Version != projection.Version)
                    {
                        ProjectionCatalog.Drop(connection, transaction, rebuild);
                        rebuild = null;
                    }

                    if (rebuild is null && live.Version != projection.Version)
                        rebuild = ProjectionCatalog.AddGeneration(connection, transaction, projection, ProjectionCatalog.Rebuild);
                    transaction.Commit();
                }

                // Live tables of an older version stay readable but frozen until the rebuild replaces them.
                if (live.Version == projection.Version)
                    StartLoop(projection, live);
                if (rebuild is not null)
                    StartLoop(projection, rebuild);
            }
        }
    }

    /// <summary>Rebuilds a projection from scratch into shadow tables while the live ones keep answering; swaps when caught up.</summary>
    public async Task RequestRebuildAsync(string name, CancellationToken cancellationToken = default)
    {
        var projection = _projections.TryGetValue(name, out var p) ? p : throw new ArgumentException($"no projection named '{name}'", nameof(name));
        await _catalogGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _database.OpenWriteConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                ProjectionCatalog.Target rebuild;
                using (var transaction = connection.BeginTransaction(deferred: false))
                {
                    if (ProjectionCatalog.Load(connection, transaction, name).Any(t => t.Role == ProjectionCatalog.Rebuild))
                        return;
                    rebuild = ProjectionCatalog.AddGeneration(connection, transaction, projection, ProjectionCatalog.Rebuild);
                    transaction.Commit();
                }

                StartLoop(projection, rebuild);
            }
        }
        finally
        {
            _catalogGate.Release();
        }
    }

    /// <summary>Head, checkpoint, lag, speed and rebuild progress of every projection.</summary>
    public async Task<IReadOnlyList<ProjectionStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var head = (await _store.ReadHeadPositionAsync(cancellationToken).ConfigureAwait(false)).Value;
        var connection = await _database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Before the runner first started there is no catalog yet: every projection is simply at zero.
            var started = ProjectionCatalog.Exists(connection);
            var statuses = new List<ProjectionStatus>();
            foreach (var projection in _projections.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                var targets = started ? ProjectionCatalog.Load(connection, null, projection.Name) : [];
                var live = targets.FirstOrDefault(t => t.Role == ProjectionCatalog.Live);
                var rebuild = targets.FirstOrDefault(t => t.Role == ProjectionCatalog.Rebuild);
                var liveLoop = live is null ? null : _loops.GetValueOrDefault((projection.Name, live.Generation));
                var rebuildLoop = rebuild is null ? null : _loops.GetValueOrDefault((projection.Name, rebuild.Generation));
                statuses.Add(new ProjectionStatus(
                    projection.Name,
                    (int)(live?.Version ?? 0),
                    head,
                    live?.Checkpoint ?? 0,
                    liveLoop?.EventsPerSecond(_time.GetUtcNow()) ?? 0,
                    rebuild is null ? null : new RebuildStatus((int)rebuild.Version, rebuild.Checkpoint, head == 0 ? 1 : Math.Min(1, (double)rebuild.Checkpoint / head)),
                    liveLoop?.LastError ?? rebuildLoop?.LastError));
            }

            return statuses;
        }
    }

    /// <summary>Waits until a projection's live tables include the event at <paramref name="position"/> (read-your-writes after a command).</summary>
    public async Task WaitForCheckpointAsync(string name, Position position, CancellationToken cancellationToken)
    {
        while (true)
        {
            var progress = Volatile.Read(ref _progress).Task;
            if (_loops.Values.Any(l => l.Projection.Name == name && l.Role == ProjectionCatalog.Live && Volatile.Read(ref l.Checkpoint) >= position.Value))
                return;
            await progress.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public async Task StopAsync()
    {
        // A host may stop its hosted services again after the container has disposed the runner (WebApplicationFactory
        // does): there is nothing left to stop then.
        if (_disposed)
            return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops.Values.Select(l => l.Task)).ConfigureAwait(false);
        _loops.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        _stopping.Dispose();
        _catalogGate.Dispose();
    }

    private void StartLoop(IProjection projection, ProjectionCatalog.Target target)
    {
        var loop = new TargetLoop(projection, target.Generation, target.Role, target.Checkpoint, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        if (_loops.TryAdd((projection.Name, target.Generation), loop))
            loop.Task = Task.Run(() => RunLoopAsync(loop));
    }

    private async Task RunLoopAsync(TargetLoop loop)
    {
        var cancellationToken = loop.Cancellation.Token;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await FeedAsync(loop, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    loop.LastError = e.Message;
                    LogProjectionFailed(_logger, e, loop.Projection.Name, loop.Generation);
                    await Task.Delay(_options.RetryDelay, _time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _loops.TryRemove(new KeyValuePair<(string, long), TargetLoop>((loop.Projection.Name, loop.Generation), loop));
        }
    }

    /// <summary>Subscribes from the generation's checkpoint and applies batches until the generation is gone or we stop.</summary>
    private async Task FeedAsync(TargetLoop loop, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenWriteConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var pumpStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var start = ProjectionCatalog.Load(connection, null, loop.Projection.Name).FirstOrDefault(t => t.Generation == loop.Generation);
            if (start is null)
                return;
            var messages = Channel.CreateBounded<SubscriptionMessage>(new BoundedChannelOptions(_options.BatchSize * 2) { SingleReader = true, SingleWriter = true });
            var pump = Task.Run(async () =>
            {
                try
                {
                    await foreach (var message in _store.SubscribeToAllAsync(FromAll.After(new Position(start.Checkpoint)), pumpStop.Token).ConfigureAwait(false))
                        await messages.Writer.WriteAsync(message, pumpStop.Token).ConfigureAwait(false);
                    messages.Writer.TryComplete();
                }
                catch (Exception e)
                {
                    messages.Writer.TryComplete(e);
                }
            }, CancellationToken.None);

            try
            {
                var batch = new List<RecordedEvent>(_options.BatchSize);
                while (await messages.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    batch.Clear();
                    var caughtUp = false;
                    while (batch.Count < _options.BatchSize && messages.Reader.TryRead(out var message))
                    {
                        if (message is SubscriptionMessage.Event { Recorded: var recorded })
                            batch.Add(recorded);
                        else if (message is SubscriptionMessage.CaughtUp)
                            caughtUp = true;
                    }

                    if (!await CommitBatchAsync(connection, loop, batch, caughtUp, cancellationToken).ConfigureAwait(false))
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

    /// <summary>Applies a batch and moves the checkpoint in one transaction; false when this generation no longer exists.</summary>
    private async Task<bool> CommitBatchAsync(SqliteConnection connection, TargetLoop loop, List<RecordedEvent> batch, bool caughtUp, CancellationToken cancellationToken)
    {
        if (batch.Count == 0 && !(caughtUp && loop.Role == ProjectionCatalog.Rebuild))
            return true;
        var projection = loop.Projection;
        var swapped = false;
        var applied = 0;
        long checkpoint;
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var target = ProjectionCatalog.Find(connection, transaction, projection.Name, loop.Generation);
            if (target is null)
                return false;
            var writer = new ProjectionWriter(connection, transaction, projection, loop.Generation);
            checkpoint = target.Checkpoint;
            foreach (var recorded in batch)
            {
                if (recorded.Position.Value <= checkpoint)
                    continue;
                await projection.ApplyAsync(recorded, writer, cancellationToken).ConfigureAwait(false);
                checkpoint = recorded.Position.Value;
                applied++;
            }

            if (checkpoint != target.Checkpoint)
            {
                using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = "UPDATE rm_targets SET checkpoint = @checkpoint WHERE name = @name AND generation = @generation";
                update.Parameters.AddWithValue("@checkpoint", checkpoint);
                update.Parameters.AddWithValue("@name", projection.Name);
                update.Parameters.AddWithValue("@generation", loop.Generation);
                update.ExecuteNonQuery();
            }

            if (target.Role == ProjectionCatalog.Rebuild && caughtUp)
            {
                ProjectionCatalog.Swap(connection, transaction, projection, loop.Generation);
                swapped = true;
            }

            transaction.Commit();
        }

        Volatile.Write(ref loop.Checkpoint, checkpoint);
        loop.Record(applied, _time.GetUtcNow());
        if (swapped)
        {
            loop.Role = ProjectionCatalog.Live;
            LogSwapped(_logger, projection.Name, loop.Generation, projection.Version);
            foreach (var other in _loops.Values.Where(l => l.Projection.Name == projection.Name && l.Generation != loop.Generation))
                await other.Cancellation.CancelAsync().ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Projection {Name} generation {Generation} failed; retrying")]
    private static partial void LogProjectionFailed(ILogger logger, Exception exception, string name, long generation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Projection {Name} swapped to generation {Generation} (version {Version})")]
    private static partial void LogSwapped(ILogger logger, string name, long generation, int version);

    /// <summary>One generation being fed: its task, its in-memory checkpoint and recent speed.</summary>
    private sealed class TargetLoop(IProjection projection, long generation, string role, long checkpoint, CancellationTokenSource cancellation)
    {
        private readonly Queue<(DateTimeOffset At, int Count)> _recent = new();

        public IProjection Projection { get; } = projection;

        public long Generation { get; } = generation;

        public volatile string Role = role;

        public long Checkpoint = checkpoint;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task Task { get; set; } = Task.CompletedTask;

        public string? LastError { get; set; }

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
