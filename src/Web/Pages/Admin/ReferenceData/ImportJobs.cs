using System.Security.Cryptography;
using Domain.Common;
using Domain.ReferenceData;
using EventStore;
using EventStore.State;
using ReadModels.ReferenceData;
using ReadModels.Runner;
using Web.Messaging;
using Web.ReferenceData;
using Web.State;

namespace Web.Pages.Admin.ReferenceData;

/// <summary>Where an import job is: checking the file, checked (report or ready), importing, imported, or failed.</summary>
public enum ImportJobState
{
    Checking,
    Checked,
    Importing,
    Imported,
    Failed,

    /// <summary>Confirmed by one administrator; waits for a second one to approve (trust anchors, personnel records). Last: job records in the state table keep their numbers.</summary>
    AwaitingApproval,
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
/// The administrator's import jobs, kept in the state table (<see cref="IStateStore"/>) so that every node sees them and
/// a restart keeps them: a file is checked in the background, its report kept until the person confirms, and the
/// confirmed import appended and followed until the query models show it. The job's record (kind
/// <c>import-job</c>) holds where it stands and the check's report; the uploaded bytes (kind <c>import-file</c>) sit in
/// their own row, so polling never reads them, and confirming <see cref="IStateStore.Claim"/>s that row: of any number
/// of 確認匯入 posts on any number of nodes exactly one gets the file and runs the import. That node checks the file
/// again (parsing is deterministic; the events are planned from it) and imports only if nothing was imported since
/// the first check. A job belongs to the person who started it and is forgotten 30 minutes after it last changed;
/// a running job whose node stops reporting for <see cref="Silence"/> is shown as stopped. Trust anchors and personnel
/// records take effect only when a second administrator approves the first one's confirmation (four eyes): such a job
/// waits <see cref="ApprovalLifetime"/>, every administrator sees it, and the approver's 核准匯入 claims the file.
/// All jobs share one owner in the state table (<see cref="Shelf"/>), so any administrator's node finds a job waiting
/// for approval; who may see which job is the record's business (<see cref="Read"/>).
/// </summary>
public sealed partial class ImportJobs(
    ReferenceDataImporter importer, ProjectionRunner projections, ReadModelWait readModels, IEventStore store, IStateStore state, StatePayload payload,
    TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ImportJobs> logger)
{
    /// <summary>How many jobs may be kept at once, on all nodes together (each may hold a large file).</summary>
    public const int MaxJobs = 16;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>A running job's node writes its record at least every <see cref="Heartbeat"/>; one silent this long died with its node.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);

    /// <summary>How often a request waiting for a job (which may run on another node) reads its record again.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>The uploaded file outlives the job record a little: checking a large file takes a while after it is written.</summary>
    private static readonly TimeSpan FileKept = Lifetime + TimeSpan.FromMinutes(30);

    public static Rejection NotFound { get; } = new("IMPORT_JOB_NOT_FOUND", "找不到這次匯入（可能已逾 30 分鐘），請重新上傳檔案。");

    public static Rejection TooMany { get; } = new("IMPORT_JOBS_BUSY", "目前進行中的匯入太多，請稍候再試。");

    public static Rejection NotReady { get; } = new("IMPORT_NOT_READY", "這個檔案尚未通過檢查，不能匯入。");

    /// <summary>The node running the job stopped (crash, restart) before it finished.</summary>
    public static Rejection NodeStopped { get; } = new("IMPORT_NODE_STOPPED", "處理這次匯入的伺服器已停止，作業沒有完成；請查看下方的匯入紀錄確認是否已寫入，必要時重新上傳檔案。");

    /// <summary>Checked again at import, the file no longer passes (e.g. a terms version that has since taken effect).</summary>
    public static Rejection NoLongerValid { get; } = new("IMPORT_NO_LONGER_VALID", "檔案檢查之後情況已改變，現在不能匯入；請重新上傳檢查。");

    public static Rejection NotAwaitingApproval { get; } = new("IMPORT_NOT_AWAITING_APPROVAL", "這次匯入不在等待核准的狀態（可能已由其他管理者核准）。");

    public static Rejection OwnApproval { get; } = new("IMPORT_OWN_APPROVAL",
        "您不能核准自己送出的匯入：信任的憑證機構及人事資料須由另一位系統管理者核准後才會生效（四眼原則）。");

    public static Rejection SamePersonApproval { get; } = new("IMPORT_SAME_PERSON_APPROVAL",
        "您的這個帳號和送出匯入的帳號登記的是同一位持卡人，不能核准：四眼原則要兩個不同的人，請由另一位系統管理者核准。");

    /// <summary>Either side's person is not known (an account without a recorded holder): four eyes cannot be shown, so no approval.</summary>
    public static Rejection ApproverUnknown { get; } = new("IMPORT_APPROVER_UNKNOWN",
        "無法確認核准者與送出者是不同的人（帳號沒有登記持卡人），不能核准；請系統管理者在「工作人員帳號管理」登記持卡人。");

    /// <summary>How long a confirmed import waits for the second administrator.</summary>
    public static readonly TimeSpan ApprovalLifetime = TimeSpan.FromHours(24);

    /// <summary>The kinds a second administrator must approve: who may sign in (trust anchors) and who people are (personnel records).</summary>
    public static bool NeedsSecondAdministrator(ReferenceDataKind kind) => kind is ReferenceDataKind.TrustAnchors or ReferenceDataKind.Personnel;

    /// <summary>The actor recorded on an approved import: both administrators (<see cref="Web.Authentication.ActorNaming.Of"/> names them).</summary>
    public static string ApprovedActor(string requestedBy, string approvedBy) => $"{requestedBy} approved-by {approvedBy}";

    /// <summary>The state table's owner of every import job and file.</summary>
    private const string Shelf = "reference-data-imports";

    /// <summary>Starts checking a file; the answer is the job as it stands after at most <paramref name="wait"/>.</summary>
    public async Task<Outcome<ImportJobView>> StartCheckAsync(ReferenceDataKind kind, ReferenceDataFile file, IReadOnlyList<ReferenceDataFile> termsTexts, string owner, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (state.Count(StateKinds.ImportJob) >= MaxJobs)
            return TooMany;
        var now = time.GetUtcNow();
        var job = new ImportJobRecord(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), kind, file.FileName, ImportJobState.Checking, now) { Owner = owner };
        state.Put(StateKinds.ImportFile, Shelf, job.Id, payload.Seal(UploadedFiles.Pack([file, .. termsTexts])), now + FileKept);
        var writer = new JobWriter(Write, time, logger, job);
        // Written before the answer: whichever node the next poll lands on finds the job checking.
        writer.Update(j => j);
        _ = Task.Run(() => writer.RunAsync(async () =>
        {
            var prepared = await importer.PrepareAsync(kind, file, termsTexts, lifetime.ApplicationStopping);
            writer.Update(j => j with { State = ImportJobState.Checked, Check = ImportCheck.Of(prepared) });
        }));
        return await WaitAsync(owner, job.Id, writer.Current, wait);
    }

    /// <summary>
    /// Starts importing a checked file under <paramref name="version"/> (on whichever node was asked) — or, for a kind
    /// that needs a second administrator, records the confirmation and waits for <see cref="ApproveAsync"/>.
    /// </summary>
    /// <param name="ownerPerson">The keyed hash of the person who holds <paramref name="owner"/>'s account: a four-eyes approval must come from someone else.</param>
    public async Task<Outcome<ImportJobView>> StartImportAsync(string id, string version, string owner, TimeSpan wait, string? ownerPerson = null)
    {
        if (Read(owner, id) is not { } job)
            return NotFound;
        if (job.State != ImportJobState.Checked || job.Check is not { IsValid: true })
            return job.State is ImportJobState.AwaitingApproval or ImportJobState.Importing or ImportJobState.Imported ? View(job) : NotReady;
        if (NeedsSecondAdministrator(job.Kind))
        {
            // The file must outlive the wait for the second administrator.
            if (state.Find(StateKinds.ImportFile, Shelf, id) is not { } file)
                return NotFound;
            var waiting = job with { State = ImportJobState.AwaitingApproval, RequestedBy = owner, RequestedByPerson = ownerPerson, Version = version, UpdatedAt = time.GetUtcNow() };
            state.Put(StateKinds.ImportFile, Shelf, id, file.Value, waiting.UpdatedAt + ApprovalLifetime + FileKept);
            Write(waiting);
            return View(waiting);
        }
        return await RunImportAsync(job, version, owner, wait);
    }

    /// <summary>
    /// A second administrator approves a confirmed import: it is written now, naming both. The one who confirmed it
    /// cannot, under this account or another one held by the same person (<paramref name="approverPerson"/>, the keyed
    /// hash of the approving account's recorded holder, compared with the confirmer's).
    /// </summary>
    public async Task<Outcome<ImportJobView>> ApproveAsync(string id, string approver, string? approverPerson, TimeSpan wait)
    {
        if (Read(approver, id) is not { } job)
            return NotFound;
        if (job.State != ImportJobState.AwaitingApproval)
            return job.State is ImportJobState.Importing or ImportJobState.Imported ? View(job) : NotAwaitingApproval;
        if (string.Equals(job.RequestedBy, approver, StringComparison.Ordinal))
            return OwnApproval;
        // Four eyes are two people, not two accounts.
        if (approverPerson is null || job.RequestedByPerson is null)
            return ApproverUnknown;
        if (string.Equals(job.RequestedByPerson, approverPerson, StringComparison.Ordinal))
            return SamePersonApproval;
        return await RunImportAsync(job with { ApprovedBy = approver }, job.Version!, ApprovedActor(job.RequestedBy!, approver), wait);
    }

    /// <summary>Imports waiting for a second administrator, oldest first (every administrator sees them).</summary>
    public IReadOnlyList<ImportJobView> AwaitingApproval() =>
        state.List(StateKinds.ImportJob, Shelf)
            .Select(row => payload.Read<ImportJobRecord>(row.Value))
            .OfType<ImportJobRecord>()
            .Where(j => j.State == ImportJobState.AwaitingApproval)
            .OrderBy(j => j.UpdatedAt)
            .Select(View)
            .ToList();

    /// <summary>
    /// Claims the job's file and imports it in the background on this node. Of any number of confirms or approvals on
    /// any number of nodes exactly one gets the file; the others are shown the import under way.
    /// </summary>
    private async Task<Outcome<ImportJobView>> RunImportAsync(ImportJobRecord job, string version, string actor, TimeSpan wait)
    {
        var check = job.Check!;
        if (state.Claim(StateKinds.ImportFile, Shelf, job.Id) is not { } sealedFiles)
        {
            // A second click on 確認匯入 (or a resent form, on any node) finds the import already taken: show it under way.
            // Its node may not have written that yet; the page polls from here.
            var taken = Read(job.Owner, job.Id) ?? job;
            return taken.State is ImportJobState.Checked or ImportJobState.AwaitingApproval
                ? View(taken with { State = ImportJobState.Importing, Progress = 0 })
                : await WaitAsync(job.Owner, job.Id, taken, wait);
        }
        if (payload.Open(sealedFiles) is not { } packed)
            return NotFound;
        var files = UploadedFiles.Unpack(packed);
        var writer = new JobWriter(Write, time, logger, job with { State = ImportJobState.Importing, Progress = 0 });
        writer.Update(j => j);
        _ = Task.Run(() => writer.RunAsync(async () =>
        {
            var stopping = lifetime.ApplicationStopping;
            var again = await importer.PrepareAsync(job.Kind, files[0], files.Skip(1).ToList(), stopping);
            if (again.CheckedAfterImport != check.CheckedAfterImport)
            {
                writer.Update(j => j with { State = ImportJobState.Failed, Failure = ReferenceDataImportDecider.ImportedMeanwhile });
                return;
            }
            if (!again.IsValid || again.FileSha256 != check.FileSha256)
            {
                writer.Update(j => j with { State = ImportJobState.Failed, Failure = NoLongerValid });
                return;
            }
            var startHead = await store.ReadHeadPositionAsync(stopping);
            var outcome = await importer.ImportAsync(again, Guid.CreateVersion7(), version, actor, stopping);
            if (!outcome.TryGetValue(out var receipt))
            {
                writer.Update(j => j with { State = ImportJobState.Failed, Failure = outcome.Rejections[0] });
                return;
            }
            writer.Update(j => j with { Receipt = receipt });
            await FollowProjectionAsync(writer, ProjectionOf(receipt.Kind), startHead, receipt.Position);
            writer.Update(j => j with { State = ImportJobState.Imported, Progress = 1 });
        }));
        return await WaitAsync(job.Owner, job.Id, writer.Current, wait);
    }

    /// <summary>The job as it stands, after waiting at most <paramref name="wait"/> for it to move on.</summary>
    public async Task<Outcome<ImportJobView>> GetAsync(string id, string owner, TimeSpan wait) =>
        Read(owner, id) is { } job ? await WaitAsync(owner, id, job, wait) : NotFound;

    private static readonly TimeSpan ProgressTick = TimeSpan.FromMilliseconds(500);

    private static Rejection Unexpected { get; } = new("IMPORT_FAILED", "匯入時發生系統錯誤，資料沒有寫入；請稍後再試，或將時間告知系統管理者。");

    private static string ProjectionOf(ReferenceDataKind kind) => kind switch
    {
        ReferenceDataKind.AgencyDirectory => AgencyDirectoryProjection.ProjectionName,
        ReferenceDataKind.Personnel => PersonnelProjection.ProjectionName,
        _ => ReferenceDataProjection.ProjectionName,
    };

    /// <summary>Reports the query model's progress from the head before the import to the import's last event.</summary>
    private async Task FollowProjectionAsync(JobWriter writer, string projection, Position from, Position to)
    {
        var stopping = lifetime.ApplicationStopping;
        while (true)
        {
            var status = (await projections.GetStatusAsync(stopping)).FirstOrDefault(s => s.Name == projection);
            var checkpoint = status?.Checkpoint ?? 0;
            if (checkpoint >= to.Value)
                return;
            var span = Math.Max(1, to.Value - from.Value);
            writer.Update(j => j with { Progress = Math.Clamp((double)(checkpoint - from.Value) / span, 0, 0.99) });
            // Not there within the tick: report progress and wait again.
            if (await readModels.ForAsync(to, [projection], stopping, ProgressTick))
                return;
        }
    }

    /// <summary>
    /// The job as last written, for <paramref name="viewer"/>: whoever started it or approved it, and every administrator
    /// while it waits for approval; a running one whose node fell silent is shown as failed; null when there is none.
    /// </summary>
    private ImportJobRecord? Read(string viewer, string id)
    {
        if (string.IsNullOrEmpty(id) || state.Find(StateKinds.ImportJob, Shelf, id) is not { } row || payload.Read<ImportJobRecord>(row.Value) is not { } job)
            return null;
        if (job.Owner != viewer && job.ApprovedBy != viewer && job.State != ImportJobState.AwaitingApproval)
            return null;
        return job.IsRunning && time.GetUtcNow() - job.UpdatedAt > Silence ? job with { State = ImportJobState.Failed, Failure = NodeStopped } : job;
    }

    private void Write(ImportJobRecord job) =>
        state.Put(StateKinds.ImportJob, Shelf, job.Id, payload.Write(job), job.UpdatedAt + (job.State == ImportJobState.AwaitingApproval ? ApprovalLifetime : Lifetime));

    /// <summary>Reads the job again until it changes or <paramref name="wait"/> runs out (the node running it may be another).</summary>
    private async Task<Outcome<ImportJobView>> WaitAsync(string owner, string id, ImportJobRecord seen, TimeSpan wait)
    {
        using var deadline = new CancellationTokenSource(wait);
        var current = seen;
        try
        {
            while (current.IsRunning && current.State == seen.State && current.UpdatedAt == seen.UpdatedAt)
            {
                await Task.Delay(Poll, deadline.Token);
                current = Read(owner, id) ?? current;
            }
        }
        catch (OperationCanceledException)
        {
            // answer with the job as it stands
        }
        return View(current);
    }

    private static ImportJobView View(ImportJobRecord job) =>
        new(job.Id, job.Kind, job.FileName, job.State, job.Check?.ToPrepared(job.Kind, job.FileName), job.Receipt,
            job.State is ImportJobState.Importing or ImportJobState.Imported ? job.Progress : null, job.Failure)
        {
            RequestedBy = job.RequestedBy,
            Version = job.Version,
        };

    [LoggerMessage(Level = LogLevel.Error, Message = "Reference-data import job {JobId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string jobId);

    /// <summary>
    /// The one node running a phase of a job writes its record: every change at once, and the unchanged record every
    /// <see cref="Heartbeat"/> while the work runs, so other nodes can tell a slow job from one whose node died.
    /// </summary>
    private sealed class JobWriter(Action<ImportJobRecord> write, TimeProvider time, ILogger logger, ImportJobRecord job)
    {
        private readonly Lock _gate = new();
        private bool _finished;

        public ImportJobRecord Current { get; private set; } = job;

        public void Update(Func<ImportJobRecord, ImportJobRecord> change)
        {
            lock (_gate)
            {
                if (_finished)
                    return;
                Current = change(Current) with { UpdatedAt = time.GetUtcNow() };
                write(Current);
            }
        }

        public async Task RunAsync(Func<Task> work)
        {
            using var stop = new CancellationTokenSource();
            var beat = BeatAsync(stop.Token);
            try
            {
                await work();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogFailed(logger, e, Current.Id);
                try
                {
                    Update(j => j with { State = ImportJobState.Failed, Failure = Unexpected });
                }
                catch (Exception unwritten) when (unwritten is System.Data.Common.DbException or InvalidOperationException)
                {
                    // The database is away: readers see the job fall silent and show it stopped.
                    LogFailed(logger, unwritten, Current.Id);
                }
            }
            finally
            {
                lock (_gate)
                    _finished = true;
                await stop.CancelAsync();
                await beat;
            }
        }

        private async Task BeatAsync(CancellationToken stop)
        {
            try
            {
                // A delay per beat (not a PeriodicTimer, which a clock moved on by hours would wake once per beat passed).
                while (true)
                {
                    await Task.Delay(Heartbeat, time, stop);
                    try
                    {
                        Update(j => j);
                    }
                    catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
                    {
                        LogFailed(logger, e, Current.Id);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // the work ended
            }
        }
    }
}

/// <summary>One import job as the state table keeps it (encrypted: the check's report quotes the file).</summary>
/// <param name="UpdatedAt">When the node running it last wrote; also when the record expires from (<see cref="ImportJobs.Lifetime"/>).</param>
public sealed record ImportJobRecord(
    string Id,
    ReferenceDataKind Kind,
    string FileName,
    ImportJobState State,
    DateTimeOffset UpdatedAt,
    ImportCheck? Check = null,
    ImportReceipt? Receipt = null,
    double? Progress = null,
    Rejection? Failure = null)
{
    /// <summary>The administrator who uploaded the file.</summary>
    public string Owner { get; init; } = "";

    /// <summary>Who confirmed the import, and under which version label (four-eyes kinds: once confirmed).</summary>
    public string? RequestedBy { get; init; }

    /// <summary>The keyed hash of the person who holds <see cref="RequestedBy"/>'s account (the approver must be someone else).</summary>
    public string? RequestedByPerson { get; init; }

    public string? Version { get; init; }

    /// <summary>The second administrator, once one approved.</summary>
    public string? ApprovedBy { get; init; }

    public bool IsRunning => State is ImportJobState.Checking or ImportJobState.Importing;
}

/// <summary>What checking a file found: everything the report and the confirmation show, and the import it followed.</summary>
public sealed record ImportCheck(string FileSha256, IReadOnlyList<ReferenceDataProblem> Problems, int RowCount, string? Summary, string? CheckedAfterImport)
{
    public bool IsValid => Problems.Count == 0;

    public static ImportCheck Of(PreparedImport prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        return new(prepared.FileSha256, prepared.Problems, prepared.RowCount, prepared.Summary, prepared.CheckedAfterImport);
    }

    /// <summary>The report as the page shows it (no plan: the node that imports checks the file again).</summary>
    public PreparedImport ToPrepared(ReferenceDataKind kind, string fileName) => new(kind, fileName, FileSha256, Problems, RowCount, Summary, CheckedAfterImport, null);
}

/// <summary>The uploaded files of one job in one blob: a count, then each name and its bytes.</summary>
internal static class UploadedFiles
{
    public static byte[] Pack(IReadOnlyList<ReferenceDataFile> files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(files.Count);
            foreach (var file in files)
            {
                writer.Write(file.FileName);
                writer.Write(file.Content.Length);
                writer.Write(file.Content);
            }
        }
        return buffer.ToArray();
    }

    public static IReadOnlyList<ReferenceDataFile> Unpack(byte[] packed)
    {
        using var reader = new BinaryReader(new MemoryStream(packed), System.Text.Encoding.UTF8);
        var files = new ReferenceDataFile[reader.ReadInt32()];
        for (var i = 0; i < files.Length; i++)
        {
            var name = reader.ReadString();
            files[i] = new ReferenceDataFile(name, reader.ReadBytes(reader.ReadInt32()));
        }
        return files;
    }
}
