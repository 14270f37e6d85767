using System.Text.Json;
using EventStore.Integrity;
using EventStore.State;
using Microsoft.Extensions.Logging;
using Web.State;

namespace Web.Pages.Admin.Integrity;

/// <summary>A whole-store verification started from the integrity page: who started it when, how far it is, and its report or failure.</summary>
/// <param name="UpdatedAt">When the node running it last reported; a run silent for <see cref="IntegrityChecks.Silence"/> has lost its node.</param>
public sealed record IntegrityCheckRun(Guid Id, string StartedBy, DateTimeOffset StartedAt, IntegrityProgress Progress, IntegrityReport? Report, string? Failure, DateTimeOffset UpdatedAt = default)
{
    public bool IsRunning => Report is null && Failure is null;
}

/// <summary>
/// Runs whole-store verifications (<see cref="StoreVerifier.VerifyStoreAsync"/>) in the background, one at a time, and
/// keeps the latest run in the state table (<see cref="IStateStore"/>), so every node shows the same run and a restart
/// keeps the last result. A start while one runs (on any node) returns the running one.
/// </summary>
public sealed partial class IntegrityChecks(StoreVerifier verifier, IStateStore state, TimeProvider time, ILogger<IntegrityChecks> logger)
{
    /// <summary>A running check reports at least this often; one silent longer died with its node.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromMinutes(2);

    /// <summary>How long the last result is kept.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(90);

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);
    private const string LatestKey = "latest";
    private const string NodeStopped = "執行驗證的伺服器已停止，驗證沒有完成；請重新開始驗證。";

    private readonly Lock _gate = new();
    private DateTimeOffset _lastProgressWrite;

    public IntegrityCheckRun? Latest
    {
        get
        {
            if (state.Find(StateKinds.IntegrityCheck, "", LatestKey) is not { } row
                || JsonSerializer.Deserialize<IntegrityCheckRun>(row.Value, StatePayload.Json) is not { } run)
                return null;
            return run.IsRunning && time.GetUtcNow() - run.UpdatedAt > Silence ? run with { Failure = NodeStopped } : run;
        }
    }

    /// <summary>Starts a verification unless one is running; returns the run the page should show.</summary>
    public IntegrityCheckRun Start(string startedBy)
    {
        IntegrityCheckRun run;
        lock (_gate)
        {
            if (Latest is { IsRunning: true } running)
                return running;
            var now = time.GetUtcNow();
            run = new IntegrityCheckRun(Guid.CreateVersion7(), startedBy, now, new IntegrityProgress(0, 0, 0), null, null, now);
            Write(run);
        }

        _ = Task.Run(() => RunAsync(run.Id));
        return run;
    }

    private async Task RunAsync(Guid id)
    {
        var progress = new Progress<IntegrityProgress>(p => Update(id, r => r with { Progress = p }, final: false));
        try
        {
            var report = await verifier.VerifyStoreAsync(progress);
            Update(id, r => r with { Report = report, Progress = new IntegrityProgress(report.EventsVerified, report.EventsVerified, report.Breaks.Count) }, final: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailed(logger, e);
            Update(id, r => r with { Failure = "驗證時無法讀取事件儲存區，請稍後再試或聯絡維運人員。" }, final: true);
        }
    }

    private void Update(Guid id, Func<IntegrityCheckRun, IntegrityCheckRun> change, bool final)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            // Progress is written at most twice a second; the end always.
            if (!final && now - _lastProgressWrite < ProgressInterval)
                return;
            // Progress reports are posted asynchronously and may arrive after the final report: a finished run stays as it ended.
            if (Latest is { IsRunning: true } latest && latest.Id == id)
            {
                Write(change(latest) with { UpdatedAt = now });
                _lastProgressWrite = now;
            }
        }
    }

    private void Write(IntegrityCheckRun run) =>
        state.Put(StateKinds.IntegrityCheck, "", LatestKey, JsonSerializer.SerializeToUtf8Bytes(run, StatePayload.Json), run.UpdatedAt + Kept);

    [LoggerMessage(Level = LogLevel.Error, Message = "The whole-store integrity check failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
