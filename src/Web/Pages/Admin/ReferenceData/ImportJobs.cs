using System.Collections.Concurrent;
using System.Security.Cryptography;
using Domain.Common;
using Domain.ReferenceData;
using EventStore;
using ReadModels.ReferenceData;
using ReadModels.Runner;
using Web.Messaging;
using Web.ReferenceData;

namespace Web.Pages.Admin.ReferenceData;

/// <summary>Where an import job is: checking the file, checked (report or ready), importing, imported, or failed.</summary>
public enum ImportJobState
{
    Checking,
    Checked,

    /// <summary>Confirmed by one administrator; waits for a second one to approve (trust anchors, personnel records).</summary>
    AwaitingApproval,
    Importing,
    Imported,
    Failed,
}

/// <summary>What the page shows of a job at one moment.</summary>
/// <param name="Progress">0–1 while the query models take in an import; null otherwise.</param>
/// <param name="Failure">Why checking or importing failed (a rejection the person can act on).</param>
public sealed record ImportJobView(
    string Id,
    ReferenceDataKind Kind,
    string FileName,
    ImportJobState State,
    PreparedImport? Prepared,
    ImportReceipt? Receipt,
    double? Progress,
    Rejection? Failure)
{
    /// <summary>Who confirmed the import (the first administrator), once confirmed.</summary>
    public string? RequestedBy { get; init; }

    /// <summary>The version label the first administrator gave, once confirmed.</summary>
    public string? Version { get; init; }

    public bool IsRunning => State is ImportJobState.Checking or ImportJobState.Importing;
}

/// <summary>
/// The administrator's import jobs, in memory: a file is checked in the background, its report kept until the
/// person confirms, and the confirmed import appended and followed until the query models show it. A job belongs
/// to the person who started it; jobs are forgotten 30 minutes after they were last touched.
/// </summary>
public sealed partial class ImportJobs(
    ReferenceDataImporter importer, ProjectionRunner projections, ReadModelWait readModels, IEventStore store, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ImportJobs> logger)
{
    /// <summary>How many jobs may be kept at once (each may hold a large parsed file).</summary>
    public const int MaxJobs = 16;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public static Rejection NotFound { get; } = new("IMPORT_JOB_NOT_FOUND", "找不到這次匯入（可能已逾 30 分鐘），請重新上傳檔案。");

    public static Rejection TooMany { get; } = new("IMPORT_JOBS_BUSY", "目前進行中的匯入太多，請稍候再試。");

    public static Rejection NotReady { get; } = new("IMPORT_NOT_READY", "這個檔案尚未通過檢查，不能匯入。");

    public static Rejection NotAwaitingApproval { get; } = new("IMPORT_NOT_AWAITING_APPROVAL", "這次匯入不在等待核准的狀態（可能已由其他管理者核准）。");

    public static Rejection OwnApproval { get; } = new("IMPORT_OWN_APPROVAL",
        "您不能核准自己送出的匯入：信任的憑證機構及人事資料須由另一位系統管理者核准後才會生效（四眼原則）。");

    /// <summary>How long a confirmed import waits for the second administrator.</summary>
    public static readonly TimeSpan ApprovalLifetime = TimeSpan.FromHours(24);

    /// <summary>The kinds a second administrator must approve: who may sign in (trust anchors) and who people are (personnel records).</summary>
    public static bool NeedsSecondAdministrator(ReferenceDataKind kind) => kind is ReferenceDataKind.TrustAnchors or ReferenceDataKind.Personnel;

    /// <summary>The actor recorded on an approved import: both administrators (<see cref="Describe"/> shows it).</summary>
    public static string ApprovedActor(string requestedBy, string approvedBy) => $"{requestedBy} approved-by {approvedBy}";

    /// <summary>An import's recorded actor as the page shows it.</summary>
    public static string Describe(string importedBy)
    {
        ArgumentNullException.ThrowIfNull(importedBy);
        var parts = importedBy.Split(" approved-by ", 2);
        return parts.Length == 2 ? $"{parts[0]}（核准：{parts[1]}）" : importedBy;
    }

    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);

    /// <summary>Starts checking a file; the answer is the job as it stands after at most <paramref name="wait"/>.</summary>
    public async Task<Outcome<ImportJobView>> StartCheckAsync(ReferenceDataKind kind, ReferenceDataFile file, IReadOnlyList<ReferenceDataFile> termsTexts, string owner, TimeSpan wait)
    {
        Purge();
        if (_jobs.Count >= MaxJobs)
            return TooMany;
        var job = new Job(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), owner, kind, file.FileName, time.GetUtcNow());
        _jobs[job.Id] = job;
        job.Work = Task.Run(async () =>
        {
            try
            {
                var prepared = await importer.PrepareAsync(kind, file, termsTexts, lifetime.ApplicationStopping);
                job.Set(ImportJobState.Checked, prepared: prepared);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                job.Set(ImportJobState.Failed, failure: Unexpected);
                LogFailed(logger, e, job.Id);
            }
        });
        await WaitAsync(job, wait);
        return View(job);
    }

    /// <summary>
    /// Starts importing a checked file under <paramref name="version"/> — or, for a kind that needs a second
    /// administrator, records the confirmation and waits for <see cref="ApproveAsync"/>.
    /// </summary>
    public async Task<Outcome<ImportJobView>> StartImportAsync(string id, string version, string owner, TimeSpan wait)
    {
        if (Find(id, owner) is not { } job)
            return NotFound;
        if (NeedsSecondAdministrator(job.Kind))
        {
            return job.TryAwaitApproval(version, owner) || job.State is ImportJobState.AwaitingApproval or ImportJobState.Importing or ImportJobState.Imported
                ? View(job)
                : NotReady;
        }
        if (!job.TryStartImport(ImportJobState.Checked, out var prepared))
        {
            // A second click on 確認匯入 (or a resent form) sees the import already under way or done.
            return job.State is ImportJobState.Importing or ImportJobState.Imported ? View(job) : NotReady;
        }
        return await RunImportAsync(job, prepared, version, owner, wait);
    }

    /// <summary>A second administrator approves a confirmed import: it is written now, naming both. The one who confirmed it cannot.</summary>
    public async Task<Outcome<ImportJobView>> ApproveAsync(string id, string approver, TimeSpan wait)
    {
        if (Find(id, approver) is not { } job)
            return NotFound;
        if (job.State != ImportJobState.AwaitingApproval)
            return job.State is ImportJobState.Importing or ImportJobState.Imported ? View(job) : NotAwaitingApproval;
        if (string.Equals(job.RequestedBy, approver, StringComparison.Ordinal))
            return OwnApproval;
        if (!job.TryStartImport(ImportJobState.AwaitingApproval, out var prepared))
            return job.State is ImportJobState.Importing or ImportJobState.Imported ? View(job) : NotAwaitingApproval;
        job.ApprovedBy = approver;
        return await RunImportAsync(job, prepared, job.Version!, ApprovedActor(job.RequestedBy!, approver), wait);
    }

    /// <summary>Imports waiting for a second administrator, oldest first (every administrator sees them).</summary>
    public IReadOnlyList<ImportJobView> AwaitingApproval() =>
        _jobs.Values.Where(j => j.State == ImportJobState.AwaitingApproval && !IsExpired(j)).OrderBy(j => j.LastTouched).Select(View).ToList();

    private async Task<Outcome<ImportJobView>> RunImportAsync(Job job, PreparedImport prepared, string version, string actor, TimeSpan wait)
    {
        var importId = Guid.CreateVersion7();
        job.Work = Task.Run(async () =>
        {
            try
            {
                var startHead = await store.ReadHeadPositionAsync(lifetime.ApplicationStopping);
                var outcome = await importer.ImportAsync(prepared, importId, version, actor, lifetime.ApplicationStopping);
                if (!outcome.TryGetValue(out var receipt))
                {
                    job.Set(ImportJobState.Failed, failure: outcome.Rejections[0]);
                    return;
                }
                job.Set(ImportJobState.Importing, receipt: receipt);
                await FollowProjectionAsync(job, ProjectionOf(receipt.Kind), startHead, receipt.Position);
                job.Set(ImportJobState.Imported, progress: 1);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                job.Set(ImportJobState.Failed, failure: Unexpected);
                LogFailed(logger, e, job.Id);
            }
        });
        await WaitAsync(job, wait);
        return View(job);
    }

    /// <summary>The job as it stands, after waiting at most <paramref name="wait"/> for it to move on.</summary>
    public async Task<Outcome<ImportJobView>> GetAsync(string id, string owner, TimeSpan wait)
    {
        if (Find(id, owner) is not { } job)
            return NotFound;
        await WaitAsync(job, wait);
        return View(job);
    }

    private static readonly TimeSpan ProgressTick = TimeSpan.FromMilliseconds(500);

    private static Rejection Unexpected { get; } = new("IMPORT_FAILED", "匯入時發生系統錯誤，資料沒有寫入；請稍後再試，或將時間告知系統管理者。");

    private static string ProjectionOf(ReferenceDataKind kind) => kind switch
    {
        ReferenceDataKind.AgencyDirectory => AgencyDirectoryProjection.ProjectionName,
        ReferenceDataKind.Personnel => PersonnelProjection.ProjectionName,
        _ => ReferenceDataProjection.ProjectionName,
    };

    /// <summary>Reports the query model's progress from the head before the import to the import's last event.</summary>
    private async Task FollowProjectionAsync(Job job, string projection, Position from, Position to)
    {
        var stopping = lifetime.ApplicationStopping;
        while (true)
        {
            var status = (await projections.GetStatusAsync(stopping)).FirstOrDefault(s => s.Name == projection);
            var checkpoint = status?.Checkpoint ?? 0;
            if (checkpoint >= to.Value)
                return;
            var span = Math.Max(1, to.Value - from.Value);
            job.Set(ImportJobState.Importing, progress: Math.Clamp((double)(checkpoint - from.Value) / span, 0, 0.99));
            // Not there within the tick: report progress and wait again.
            if (await readModels.ForAsync(to, [projection], stopping, ProgressTick))
                return;
        }
    }

    // A job belongs to whoever started it and whoever approved it; every administrator may open one waiting for approval.
    private Job? Find(string id, string owner) =>
        _jobs.TryGetValue(id ?? "", out var job) && (job.Owner == owner || job.ApprovedBy == owner || job.State == ImportJobState.AwaitingApproval) && !IsExpired(job)
            ? job.Touch(time.GetUtcNow())
            : null;

    private bool IsExpired(Job job) => time.GetUtcNow() - job.LastTouched > (job.State == ImportJobState.AwaitingApproval ? ApprovalLifetime : Lifetime);

    private void Purge()
    {
        foreach (var job in _jobs.Values.Where(j => IsExpired(j) && !j.IsRunning))
            _jobs.TryRemove(job.Id, out _);
    }

    private async Task WaitAsync(Job job, TimeSpan wait)
    {
        var changed = job.Changed;
        if (job.IsRunning)
            await Task.WhenAny(changed, Task.Delay(wait, time));
    }

    private static ImportJobView View(Job job) => job.View();

    [LoggerMessage(Level = LogLevel.Error, Message = "Reference-data import job {JobId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string jobId);

    /// <summary>One job's mutable state, guarded by its own lock.</summary>
    private sealed class Job(string id, string owner, ReferenceDataKind kind, string fileName, DateTimeOffset created)
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private ImportJobState _state = ImportJobState.Checking;
        private PreparedImport? _prepared;
        private ImportReceipt? _receipt;
        private double? _progress;
        private Rejection? _failure;

        public string Id { get; } = id;

        public string Owner { get; } = owner;

        public ReferenceDataKind Kind { get; } = kind;

        public string? RequestedBy { get; private set; }

        public string? Version { get; private set; }

        public string? ApprovedBy { get; set; }

        public DateTimeOffset LastTouched { get; private set; } = created;

        public Task Work { get; set; } = Task.CompletedTask;

        public ImportJobState State
        {
            get
            {
                lock (_gate)
                    return _state;
            }
        }

        public bool IsRunning => State is ImportJobState.Checking or ImportJobState.Importing;

        /// <summary>Completes when the job next changes.</summary>
        public Task Changed
        {
            get
            {
                lock (_gate)
                    return _changed.Task;
            }
        }

        public Job Touch(DateTimeOffset now)
        {
            LastTouched = now;
            return this;
        }

        /// <summary>Records the first administrator's confirmation of a checked, valid file.</summary>
        public bool TryAwaitApproval(string version, string requestedBy)
        {
            lock (_gate)
            {
                if (_state != ImportJobState.Checked || _prepared is not { IsValid: true })
                    return false;
                _state = ImportJobState.AwaitingApproval;
                Version = version;
                RequestedBy = requestedBy;
                Signal();
                return true;
            }
        }

        public bool TryStartImport(ImportJobState from, out PreparedImport prepared)
        {
            lock (_gate)
            {
                prepared = _prepared!;
                if (_state != from || _prepared is not { IsValid: true })
                    return false;
                _state = ImportJobState.Importing;
                _progress = 0;
                Signal();
                return true;
            }
        }

        public void Set(ImportJobState state, PreparedImport? prepared = null, ImportReceipt? receipt = null, double? progress = null, Rejection? failure = null)
        {
            lock (_gate)
            {
                _state = state;
                _prepared = prepared ?? _prepared;
                _receipt = receipt ?? _receipt;
                _progress = progress ?? _progress;
                _failure = failure ?? _failure;
                Signal();
            }
        }

        public ImportJobView View()
        {
            lock (_gate)
                return new ImportJobView(Id, Kind, fileName, _state, _prepared, _receipt, _state == ImportJobState.Importing || _state == ImportJobState.Imported ? _progress : null, _failure)
                {
                    RequestedBy = RequestedBy,
                    Version = Version,
                };
        }

        private void Signal() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
