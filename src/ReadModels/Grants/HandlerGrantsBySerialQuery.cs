using Dapper;
using ReadModels.Querying;
using static ReadModels.Grants.HandlerGrantRows;

namespace ReadModels.Grants;

/// <summary>A handler's own view: the active handler grants a citizen certificate's serial holds, in every agency (我的授權功能, the handler role at sign-in).</summary>
public sealed class HandlerGrantsBySerialQuery(ReadModelDatabase readModels)
{
    public async Task<IReadOnlyList<HandlerGrantRow>> ForSerialAsync(string serial, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RowData>(new CommandDefinition(
            $"SELECT {Columns} FROM issued_grants g WHERE g.serial = @serial AND g.active = 1 ORDER BY g.agency_code, g.grant_number",
            new { serial }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRow()).ToList();
    }
}
