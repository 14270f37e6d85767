using Dapper;
using Domain.ReferenceData;
using ReadModels.Querying;

namespace ReadModels.ReferenceData;

/// <summary>The agency directory as the features ask it: by code (name, expected OIDs, review desk) and by OID.</summary>
public sealed class AgencyDirectoryLookup(ReadModelDatabase readModels)
{
    public async Task<AgencyDirectoryEntry?> FindAsync(AgencyCode code, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AgencyRowData>(
            new CommandDefinition($"{Select} WHERE code = @code", new { code = code.Value }, cancellationToken: cancellationToken));
        return row?.ToEntry();
    }

    /// <summary>Every agency whose organisation certificate may carry <paramref name="oid"/>, in directory order.</summary>
    public async Task<IReadOnlyList<AgencyDirectoryEntry>> FindByOidAsync(string oid, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AgencyRowData>(new CommandDefinition(
            $"{Select} WHERE code IN (SELECT code FROM ref_agency_oids WHERE oid = @oid) ORDER BY seq", new { oid }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT count(*) FROM ref_agencies", cancellationToken: cancellationToken));
    }

    /// <summary>A page of the directory in file order.</summary>
    public async Task<IReadOnlyList<AgencyDirectoryEntry>> ListAsync(int offset, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AgencyRowData>(new CommandDefinition(
            $"{Select} ORDER BY seq LIMIT @limit OFFSET @offset", new { offset, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    private const string Select = "SELECT code AS Code, name AS Name, expected_oids AS ExpectedOids, review_desk AS ReviewDesk FROM ref_agencies";

    private sealed class AgencyRowData
    {
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public string ExpectedOids { get; init; } = "";
        public string ReviewDesk { get; init; } = "";

        public AgencyDirectoryEntry ToEntry() =>
            new(AgencyCode.Of(Code), Name, ExpectedOids.Split(';', StringSplitOptions.RemoveEmptyEntries), ReviewDesk);
    }
}
