using System.Text;
using Dapper;
using ReadModels.Querying;
using static ReadModels.Grants.HandlerGrantRows;

namespace ReadModels.Grants;

/// <summary>One agency's handler grants (授權經辦人清單, 查詢已授權清單), and one grant of it.</summary>
public sealed class AgencyHandlerGrantsQuery(ReadModelDatabase readModels)
{
    /// <summary>One grant of an agency, active or revoked.</summary>
    public async Task<HandlerGrantRow?> GrantAsync(string agencyCode, int grantNumber, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RowData>(new CommandDefinition(
            $"SELECT {Columns} FROM issued_grants g WHERE g.agency_code = @agencyCode AND g.grant_number = @grantNumber",
            new { agencyCode, grantNumber }, cancellationToken: cancellationToken));
        return row?.ToRow();
    }

    /// <summary>
    /// 授權經辦人清單 / 查詢已授權清單: one agency's grants by grant number, optionally only the active ones, optionally
    /// narrowed by <paramref name="text"/> (a part of the name, or the start of the serial).
    /// </summary>
    public async Task<HandlerGrantPage> ForAgencyAsync(string agencyCode, bool activeOnly, string? text, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        (page, pageSize) = Clamp(page, pageSize);
        var where = new StringBuilder("g.agency_code = @agencyCode");
        // "+" keeps SQLite from answering through the (active, …) index, which walks every active grant in the store;
        // one agency's rows come from its own index and are filtered on the way (count at 1M grants: 50 ms → 0.1 ms).
        if (activeOnly)
            where.Append(" AND +g.active = 1");
        var trimmed = text?.Trim();
        var serialPrefix = CertificateSerialPrefix(trimmed);
        if (!string.IsNullOrEmpty(trimmed))
            where.Append($" AND ({readModels.Contains("g.handler_name", "text")}" + (serialPrefix is null ? ")" : " OR substr(g.serial, 1, length(@serialPrefix)) = @serialPrefix)"));
        var parameters = new { agencyCode, text = trimmed, serialPrefix, limit = pageSize, offset = (page - 1) * pageSize };
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT count(*) FROM issued_grants g WHERE {where}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<RowData>(new CommandDefinition(
            $"SELECT {Columns} FROM issued_grants g WHERE {where} ORDER BY g.grant_number LIMIT @limit OFFSET @offset", parameters, cancellationToken: cancellationToken));
        return new HandlerGrantPage(rows.Select(r => r.ToRow()).ToList(), total, false, page, pageSize);
    }
}
