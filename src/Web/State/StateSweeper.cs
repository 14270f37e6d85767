using EventStore.State;

namespace Web.State;

/// <summary>Deletes state rows past their expiry once a minute (any node may; a DELETE of nothing costs nothing).</summary>
public sealed partial class StateSweeper(IStateStore state, TimeProvider time, ILogger<StateSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // A delay per round, not a PeriodicTimer: a clock moved on by years (a test's fake clock) wakes it once, not once per minute passed.
            while (true)
            {
                await Task.Delay(Interval, time, stoppingToken);
                try
                {
                    var swept = state.Sweep();
                    if (swept > 0)
                        LogSwept(logger, swept);
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
                {
                    // The database is away for a moment: the next tick tries again.
                    LogFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Swept {Count} expired state rows")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired state rows failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
