using Dapper;
using Domain.ReferenceData;
using ReadModels.Querying;

namespace ReadModels.ReferenceData;

/// <summary>One completed import: what, which file, how many rows, who and when.</summary>
public sealed record ImportRecord(ReferenceDataKind Kind, string ImportId, string Version, string FileName, string FileSha256, int RowCount, string ImportedBy, DateTimeOffset ImportedAt);

/// <summary>Who imported which reference data when (every kind), newest first.</summary>
public sealed class ReferenceImportHistory(ReadModelDatabase readModels)
{
    public async Task<IReadOnlyList<ImportRecord>> RecentAsync(int limit, ReferenceDataKind? kind = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Kind, string ImportId, string Version, string FileName, string FileSha256, long RowCount, string ImportedBy, long ImportedAtUs)>(
            new CommandDefinition(
                """
                SELECT kind, import_id, version, file_name, file_sha256, row_count, imported_by, imported_at_us FROM ref_imports
                WHERE @kind IS NULL OR kind = @kind ORDER BY position DESC LIMIT @limit
                """,
                new { kind = kind is { } k ? ReferenceDataProjection.KindKey(k) : null, limit },
                cancellationToken: cancellationToken));
        return rows.Select(r => new ImportRecord(
            ReferenceDataStreams.AllKinds.First(k => ReferenceDataProjection.KindKey(k) == r.Kind),
            r.ImportId, r.Version, r.FileName, r.FileSha256, (int)r.RowCount, r.ImportedBy, DateTimeOffset.FromUnixTimeMilliseconds(r.ImportedAtUs / 1000))).ToList();
    }

    /// <summary>Whether any reference data has been imported (demo data seeds only an empty store).</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default) => (await RecentAsync(1, cancellationToken: cancellationToken)).Count > 0;
}
