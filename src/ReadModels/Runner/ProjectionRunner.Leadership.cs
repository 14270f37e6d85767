using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ReadModels.Runner;

/// <summary>
/// Read models on PostgreSQL, shared by every node: each projection is fed by the one node holding its lease
/// (<see cref="ProjectionLeases"/>), the others answer queries from the same tables and learn how far each projection
/// is from the catalog, woken by the leader's commits. A node that loses its lease session stops feeding at once and
/// competes again; whoever takes a projection continues from its committed checkpoint, and since every batch reads
/// that checkpoint with the row locked, two nodes briefly feeding together still apply each event once.
/// </summary>
public sealed partial class ProjectionRunner
{
    private async Task LeadAsync(CancellationToken stopping)
    {
        var led = new HashSet<string>(StringComparer.Ordinal);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var leases = await ProjectionLeases.OpenAsync(_database, _options.LeaseExpiresAfter, stopping).ConfigureAwait(false);
                await using (leases.ConfigureAwait(false))
                {
                    while (true)
                    {
                        // Leases are about real time, whatever clock the runner is given.
                        var round = Stopwatch.StartNew();
                        await leases.RenewAsync(stopping).ConfigureAwait(false);
                        foreach (var name in _projections.Keys.Where(n => !led.Contains(n)).ToList())
                        {
                            var take = await leases.TryTakeAsync(name, stopping).ConfigureAwait(false);
                            if (take.CutOff is { } hung)
                                LogCutOff(_logger, hung, name);
                            if (take.Taken)
                            {
                                led.Add(name);
                                LogLeading(_logger, name);
                            }
                        }

                        FeedLed(leases, led);
                        do
                            await PublishLiveCheckpointsAsync(leases, stopping).ConfigureAwait(false);
                        while (await leases.WaitAsync(_options.LeaseRenewEvery - round.Elapsed, stopping).ConfigureAwait(false));
                    }
                }
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                // Whatever failed while the node stops (its lease session closed under it) ends the loop: ending the
                // term here would touch the stopping source that StopAsync disposes.
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The lease session is gone (or the database): whatever this node fed, another may be feeding now.
                LogLeasesLost(_logger, e, led.Count);
                if (led.Count > 0)
                    EndTerm();
                led.Clear();
                await Task.Delay(_options.LeaseRenewEvery, stopping).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts feeding every generation of the projections this node leads that it does not feed yet (just taken, or a rebuild asked for elsewhere).</summary>
    private void FeedLed(ProjectionLeases leases, HashSet<string> led)
    {
        var feed = new List<Target>();
        foreach (var name in led)
        {
            var projection = _projections[name];
            var targets = ProjectionCatalog.Load(leases.Connection, name);
            if (targets.FirstOrDefault(t => t.Role == ProjectionCatalog.Live) is not { } live)
                continue;
            var rebuild = targets.FirstOrDefault(t => t.Role == ProjectionCatalog.Rebuild);
            lock (_sync)
                feed.AddRange(ToFeed(projection, live, rebuild).Where(t => !_targets.ContainsKey((t.Projection.Name, t.Generation))));
        }

        if (feed.Count > 0)
            StartLanes(feed);
    }

    private async Task PublishLiveCheckpointsAsync(ProjectionLeases leases, CancellationToken cancellationToken)
    {
        foreach (var (name, checkpoint) in await ProjectionCatalog.LiveCheckpointsAsync(leases.Connection, cancellationToken).ConfigureAwait(false))
            _waiters.Publish(name, checkpoint);
    }

    /// <summary>Stops every lane of this node; targets retried later see they are no longer this node's.</summary>
    private void EndTerm()
    {
        CancellationTokenSource ended;
        lock (_sync)
        {
            ended = _term;
            _term = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            _targets.Clear();
        }

        ended.Cancel();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This node now feeds projection {Name}")]
    private static partial void LogLeading(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Name} was held by {Holder}, whose lease expired: its sessions were terminated")]
    private static partial void LogCutOff(ILogger logger, string holder, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the projection lease session (this node fed {Count} projections); competing again")]
    private static partial void LogLeasesLost(ILogger logger, Exception exception, int count);
}
