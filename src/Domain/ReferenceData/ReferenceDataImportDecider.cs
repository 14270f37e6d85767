using Domain.Common;

namespace Domain.ReferenceData;

/// <summary>
/// Import a checked file: the events of its import plan (<see cref="ReferenceDataImportPlan"/>) on the kind's stream.
/// The file was checked against the stream as it stood after <see cref="CheckedAfterImport"/>; the import stands only
/// if nothing was imported since.
/// </summary>
/// <param name="CommandId">The import's id (<see cref="ImportDetails.ImportId"/>): a resend appends nothing.</param>
/// <param name="CheckedAfterImport">The id of the last import on the stream when the file was checked; null for an empty stream.</param>
/// <param name="Events">The import's events, every one carrying the import's id.</param>
public sealed record ImportReferenceData(
    Guid CommandId,
    ReferenceDataKind Kind,
    string Actor,
    string? CheckedAfterImport,
    IReadOnlyList<ReferenceDataEvent> Events) : IStreamCommand<ReferenceDataImportDecider, ReferenceDataImports, ImportReferenceData, ReferenceDataEvent>
{
    public string StreamName => ReferenceDataStreams.For(Kind);

    // Thousands of rows are no use in a log line.
    public override string ToString() => $"ImportReferenceData {{ CommandId = {CommandId}, Kind = {Kind}, Events = {Events.Count} }}";
}

/// <summary>A reference-data stream folded: the last import recorded on it (its closing event's import id).</summary>
public sealed record ReferenceDataImports(string? LastImportId)
{
    public static ReferenceDataImports Initial { get; } = new((string?)null);

    /// <summary>The import's closing event (or its only one) names it; row chunks come before it in the same append.</summary>
    public static ReferenceDataImports Evolve(ReferenceDataImports state, ReferenceDataEvent @event) =>
        ReferenceDataImportDecider.IsRowChunk(@event.GetType()) ? state : new ReferenceDataImports(@event.ImportId);
}

/// <summary>
/// The one rule of a reference-data import once its file is checked: nothing else was imported on the kind's stream
/// since the check (the checks read the stream and the query models as they stood then). The events themselves come
/// from the file's import plan; the store appends them in one call.
/// </summary>
public sealed class ReferenceDataImportDecider : IDecider<ReferenceDataImports, ImportReferenceData, ReferenceDataEvent>
{
    /// <summary>Someone imported the same kind between the check and the import: nothing was written.</summary>
    public static Rejection ImportedMeanwhile { get; } = Rejection.ChangedMeanwhile with
    {
        Message = "檢查檔案之後，已有其他人匯入了同一種資料；請重新上傳檢查後再匯入。",
    };

    public static ReferenceDataImports Initial => ReferenceDataImports.Initial;

    public static ReferenceDataImports Evolve(ReferenceDataImports state, ReferenceDataEvent @event) => ReferenceDataImports.Evolve(state, @event);

    public static Decision<ReferenceDataEvent> Decide(ImportReferenceData command, ReferenceDataImports state)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(state);
        var id = command.CommandId.ToString("D");
        if (command.Events.Count == 0 || command.Events.Any(e => e.ImportId != id))
            throw new ArgumentException("An import's events must all carry its id.", nameof(command));
        if (state.LastImportId != command.CheckedAfterImport)
            return ImportedMeanwhile;
        return Decision<ReferenceDataEvent>.Accept([.. command.Events]);
    }

    /// <summary>Only each import's closing event is read back to decide: a national personnel file's rows (tens of MB) never are.</summary>
    public static bool Folds(Type eventType) => !IsRowChunk(eventType);

    internal static bool IsRowChunk(Type eventType) => eventType == typeof(AgencyDirectoryRowsImported) || eventType == typeof(PersonnelRecordsImported);
}
