using EventStore.Integrity;
using Microsoft.Extensions.Logging;

namespace Web.Pages.Admin.Integrity;

/// <summary>A whole-store verification started from the integrity page: who started it when, how far it is, and its report or failure.</summary>
public sealed record IntegrityCheckRun(Guid Id, string StartedBy, DateTimeOffset StartedAt, IntegrityProgress Progress, IntegrityReport? Report, string? Failure)
{
    public bool IsRunning => Report is null && Failure is null;
}

/// <summary>
/// Runs whole-store verifications (<see cref="StoreVerifier.VerifyStoreAsync"/>) in the background, one at a time, and
/// keeps the latest run for the page to poll. A start while one runs returns the running one.
/// </summary>
public sealed partial class IntegrityChecks(StoreVerifier verifier, TimeProvider time, ILogger<IntegrityChecks> logger)
{
    private readonly Lock _gate = new();
    private IntegrityCheckRun? _latest;

    public IntegrityCheckRun? Latest
    {
        get
        {
            lock (_gate)
                return _latest;
        }
    }

    /// <summary>Starts a verification unless one is running; returns the run the page should show.</summary>
    public IntegrityCheckRun Start(string startedBy)
    {
        IntegrityCheckRun run;
        lock (_gate)
        {
            if (_latest is { IsRunning: true } running)
                return running;
            run = new IntegrityCheckRun(Guid.CreateVersion7(), startedBy, time.GetUtcNow(), new IntegrityProgress(0, 0, 0), null, null);
            _latest = run;
        }

        _ = Task.Run(() => RunAsync(run.Id));
        return run;
    }

    private async Task RunAsync(Guid id)
    {
        var progress = new Progress<IntegrityProgress>(p => Update(id, r => r with { Progress = p }));
        try
        {
            var report = await verifier.VerifyStoreAsync(progress);
            Update(id, r => r with { Report = report, Progress = new IntegrityProgress(report.EventsVerified, report.EventsVerified, report.Breaks.Count) });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailed(logger, e);
            Update(id, r => r with { Failure = "驗證時無法讀取事件儲存區，請稍後再試或聯絡維運人員。" });
        }
    }

    private void Update(Guid id, Func<IntegrityCheckRun, IntegrityCheckRun> change)
    {
        lock (_gate)
        {
            // Progress reports are posted asynchronously and may arrive after the final report: a finished run stays as it ended.
            if (_latest is { IsRunning: true } latest && latest.Id == id)
                _latest = change(latest);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The whole-store integrity check failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
