using System.Text;
using System.Text.RegularExpressions;
using Domain.Common;
using Domain.ReferenceData;
using EventStore;
using EventStore.Serialization;
using ReadModels.ReferenceData;
using Web.Messaging;

namespace Web.ReferenceData;

/// <summary>An uploaded file: its name as the browser gave it and its bytes.</summary>
public sealed record ReferenceDataFile(string FileName, byte[] Content);

/// <summary>
/// A file checked and ready to import, or the report of everything wrong with it. It remembers the import the
/// stream ended with when it was checked: the import appends only if nothing was imported in between.
/// </summary>
public sealed class PreparedImport
{
    private readonly Func<ImportDetails, IReadOnlyList<ReferenceDataEvent>>? _plan;

    internal PreparedImport(ReferenceDataKind kind, string fileName, string fileSha256, IReadOnlyList<ReferenceDataProblem> problems, int rowCount, string? summary,
        string? checkedAfterImport, Func<ImportDetails, IReadOnlyList<ReferenceDataEvent>>? plan)
    {
        Kind = kind;
        FileName = fileName;
        FileSha256 = fileSha256;
        Problems = problems;
        RowCount = rowCount;
        Summary = summary;
        CheckedAfterImport = checkedAfterImport;
        _plan = plan;
    }

    public ReferenceDataKind Kind { get; }

    public string FileName { get; }

    /// <summary>Lower-case hex SHA-256 of the uploaded bytes.</summary>
    public string FileSha256 { get; }

    /// <summary>Every problem, in file order, national IDs masked; empty when the file can be imported.</summary>
    public IReadOnlyList<ReferenceDataProblem> Problems { get; }

    public bool IsValid => Problems.Count == 0;

    /// <summary>Data rows in the file (0 when it could not be read).</summary>
    public int RowCount { get; }

    /// <summary>What importing it will do, in zh-TW (e.g. "取代目前的機關代碼檔"); null when invalid.</summary>
    public string? Summary { get; }

    /// <summary>The id of the import the kind's stream ended with when the file was checked; null for a stream with no import yet.</summary>
    public string? CheckedAfterImport { get; }

    internal IReadOnlyList<ReferenceDataEvent> Plan(ImportDetails details) =>
        _plan?.Invoke(details) ?? throw new InvalidOperationException("An import with problems has no events.");
}

/// <summary>A completed import: the events appended and where the last one sits.</summary>
public sealed record ImportReceipt(ReferenceDataKind Kind, Guid ImportId, string Version, int RowCount, int EventCount, Position Position);

/// <summary>
/// The one import path for reference data, used by the administrator's pages and by the demo data: decode the
/// file (UTF-8), parse and check it (nothing written while it has any problem), then send its events to the kind's
/// stream through the command pipeline (<see cref="ReferenceDataImportDecider"/>: all in one append, only if nothing
/// was imported since the check).
/// </summary>
public sealed partial class ReferenceDataImporter(
    IEventStore store,
    EventTypeRegistry registry,
    CommandPipeline pipeline,
    ReadModelWait readModels,
    PersonnelLookup personnel,
    NationalIdHashKey hashKey,
    TimeProvider time)
{
    /// <summary>The largest file accepted (a national personnel file of ~300,000 rows is about 30 MB).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>How long a personnel check waits for the query model to take in the imports before it (a national file's are large).</summary>
    private static readonly TimeSpan CheckWait = TimeSpan.FromMinutes(2);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Checks a file of the given kind (terms of use also take their texts); writes nothing.</summary>
    public async Task<PreparedImport> PrepareAsync(ReferenceDataKind kind, ReferenceDataFile file, IReadOnlyList<ReferenceDataFile>? termsTexts = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var sha = ReferenceDataImportPlan.Sha256Of(file.Content);
        PreparedImport Fail(params ReferenceDataProblem[] problems) => new(kind, file.FileName, sha, problems, 0, null, null, null);

        if (file.Content.LongLength > MaxFileBytes)
            return Fail(new ReferenceDataProblem(0, null, "file-too-large", $"檔案超過 {MaxFileBytes / 1024 / 1024} MB，無法匯入；請分批匯入。"));
        if (Decode(file) is not { } csv)
            return Fail(NotUtf8(file.FileName));
        var texts = new List<TermsText>();
        foreach (var text in termsTexts ?? [])
        {
            if (Decode(text) is not { } decoded)
                return Fail(NotUtf8(text.FileName));
            texts.Add(new TermsText(text.FileName, decoded));
        }

        var stream = ReferenceDataStreams.For(kind);
        var (lastImport, position) = await LastImportAsync(stream, cancellationToken);
        var prepared = kind switch
        {
            ReferenceDataKind.AgencyDirectory => Checked(AgencyDirectory.Parse(csv), d => d.Entries.Count,
                d => $"以這個檔案的 {d.Entries.Count} 個機關取代目前的機關代碼檔。", d => details => ReferenceDataImportPlan.AgencyDirectory(d, details)),
            ReferenceDataKind.Personnel => await PersonnelAsync(csv, position, cancellationToken),
            ReferenceDataKind.HolidayCalendar => Checked(HolidayCalendar.Parse(csv), c => c.Days.Count,
                c => $"以這個檔案的 {c.Days.Count} 個日期取代 {string.Join("、", c.CoveredYears)} 年的辦公日曆；其他年份不變。",
                c => details => [ReferenceDataImportPlan.HolidayCalendar(c, details)]),
            ReferenceDataKind.TermsOfUse => Checked(
                VersionedImports.Terms(csv, texts, await RecordedAsync<TermsOfUseImported, TermsVersionRow>(stream, e => e.AddedVersions, cancellationToken), Today()),
                a => a.RowCount, a => $"新增用戶約定條款版本 {string.Join("、", a.Added.Select(v => $"{v.Version}（{v.EffectiveFrom} 生效）"))}。",
                a => details => [ReferenceDataImportPlan.TermsOfUse(a, details)]),
            ReferenceDataKind.FunctionCatalogue => Checked(
                VersionedImports.FunctionCatalogue(csv, await RecordedAsync<FunctionCatalogueImported, CatalogueVersionRow>(stream, e => e.AddedVersions, cancellationToken), Today()),
                a => a.RowCount, a => $"新增功能選單版本 {string.Join("、", a.Added.Select(v => $"{v.Version}（{v.EffectiveFrom} 生效，{v.Functions.Count} 項）"))}。",
                a => details => [ReferenceDataImportPlan.FunctionCatalogue(a, details)]),
            ReferenceDataKind.TrustAnchors => Checked(TrustList.Parse(csv, time.GetUtcNow()), l => l.Entries.Count,
                l => $"以這個檔案的 {l.Entries.Count} 張憑證機構憑證取代目前的信任清單。", l => details => [ReferenceDataImportPlan.TrustAnchors(l, details)]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a reference-data kind"),
        };
        return new PreparedImport(kind, file.FileName, sha, prepared.Problems.Select(Masked).ToList(), prepared.RowCount, prepared.Summary, lastImport, prepared.Plan);
    }

    /// <summary>
    /// Appends the events of a checked file in one call, if nothing was imported since it was checked (else
    /// <see cref="ReferenceDataImportDecider.ImportedMeanwhile"/>). Re-sending the same import (same
    /// <paramref name="importId"/>) appends nothing and answers as the first time. The import job follows the query
    /// models itself (with progress), so nothing is waited for here.
    /// </summary>
    public async Task<Outcome<ImportReceipt>> ImportAsync(PreparedImport prepared, Guid importId, string version, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        if (!prepared.IsValid)
            throw new InvalidOperationException("A file with problems cannot be imported.");
        if (!ReferenceDataImportPlan.IsVersionLabel(version))
            throw new ArgumentException("The version label must be 1 to 32 of A-Za-z0-9._-.", nameof(version));
        var details = new ImportDetails(importId, version, prepared.FileName, prepared.FileSha256, actor, time.GetUtcNow());
        var import = new ImportReferenceData(importId, prepared.Kind, actor, prepared.CheckedAfterImport, prepared.Plan(details));
        var outcome = await pipeline.SendAsync(import, [], cancellationToken);
        if (!outcome.TryGetValue(out var recorded))
            return Outcome<ImportReceipt>.FromRejections(outcome.Rejections);
        return new ImportReceipt(prepared.Kind, importId, version, prepared.RowCount, recorded.Events.Count, recorded.Position!.Value);
    }

    /// <summary>Replaces anything shaped like a national ID (a letter and nine digits) in a message by its masked form.</summary>
    public static ReferenceDataProblem Masked(ReferenceDataProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem with { Message = NationalIdShape().Replace(problem.Message, m => string.Concat(m.Value.AsSpan(0, 3), "****", m.Value.AsSpan(7))) };
    }

    private DateOnly Today() => RocDate.TaiwanDate(time.GetUtcNow());

    private async Task<Prepared> PersonnelAsync(string csv, Position? lastPosition, CancellationToken cancellationToken)
    {
        var parsed = PersonnelRecords.Parse(csv);
        if (parsed.Value is not { } records)
            return new Prepared(parsed.Problems, 0, null, null);
        if (records.Records.Count == 0)
            return new Prepared([NoRows()], 0, null, null);
        // Account owners are read from the query model; make sure it holds every import up to the revision checked.
        if (lastPosition is { } position && !await readModels.ForAsync(position, [PersonnelProjection.ProjectionName], cancellationToken, CheckWait))
            throw new TimeoutException($"The personnel query model did not reach position {position} within {CheckWait}.");
        var owners = await personnel.AccountOwnersAsync(records.Records.Where(r => r.Account is not null).Select(r => r.Account!), cancellationToken);
        var conflicts = PersonnelImportCheck.AccountConflicts(records, owners, hashKey.Hash);
        if (conflicts.Count > 0)
            return new Prepared(conflicts, records.Records.Count, null, null);
        var people = records.Records.Select(r => r.NationalId).Distinct().Count();
        return new Prepared([], records.Records.Count,
            $"加入 {records.Records.Count} 筆人事報送資料（{people} 人）；同一人同一機關同一天已有的資料以這個檔案為準。各筆資料自報送日的隔天起生效。",
            details => ReferenceDataImportPlan.Personnel(records, details));
    }

    private static Prepared Checked<T>(ReferenceDataImport<T> import, Func<T, int> rows, Func<T, string> summary, Func<T, Func<ImportDetails, IReadOnlyList<ReferenceDataEvent>>> plan)
        where T : class
    {
        if (import.Value is not { } value)
            return new Prepared(import.Problems, 0, null, null);
        return rows(value) == 0 ? new Prepared([NoRows()], 0, null, null) : new Prepared([], rows(value), summary(value), plan(value));
    }

    /// <summary>The import a kind's stream ends with (its last event closes it: an import is one append) and where.</summary>
    private async Task<(string? ImportId, Position? Position)> LastImportAsync(string stream, CancellationToken cancellationToken)
    {
        var last = await store.ReadStreamAsync(stream, Direction.Backwards, StreamRevision.End, 1, cancellationToken);
        return last.Events.Count == 0 ? (null, null) : (((ReferenceDataEvent)registry.Deserialize(last.Events[0])).ImportId, last.Events[0].Position);
    }

    /// <summary>The rows every earlier import of a small versioned kind added (terms, catalogue): read from its stream.</summary>
    private async Task<IReadOnlyList<TRow>> RecordedAsync<TEvent, TRow>(string stream, Func<TEvent, IEnumerable<TRow>> rows, CancellationToken cancellationToken)
        where TEvent : class
    {
        var recorded = new List<TRow>();
        for (var from = StreamRevision.Start; ;)
        {
            var page = await store.ReadStreamAsync(stream, Direction.Forwards, from, 500, cancellationToken);
            foreach (var e in page.Events)
                if (registry.Deserialize(e) is TEvent imported)
                    recorded.AddRange(rows(imported));
            if (page.Events.Count < 500)
                return recorded;
            from = new StreamRevision(page.Events[^1].Revision.Value + 1);
        }
    }

    private static string? Decode(ReferenceDataFile file)
    {
        try
        {
            return StrictUtf8.GetString(file.Content);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static ReferenceDataProblem NotUtf8(string fileName) =>
        new(0, null, "not-utf8", $"「{fileName}」不是 UTF-8 編碼的文字檔（Big5 等編碼請先另存為 UTF-8）。");

    private static ReferenceDataProblem NoRows() => new(0, null, "no-rows", "檔案只有欄位名稱，沒有任何資料列。");

    [GeneratedRegex("[A-Za-z][0-9]{9}")]
    private static partial Regex NationalIdShape();

    private sealed record Prepared(IReadOnlyList<ReferenceDataProblem> Problems, int RowCount, string? Summary, Func<ImportDetails, IReadOnlyList<ReferenceDataEvent>>? Plan);
}
