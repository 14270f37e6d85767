using System.Runtime.CompilerServices;
using Dapper;
using Domain.Common;
using ReadModels.Querying;
using static ReadModels.Grants.HandlerGrantRows;

namespace ReadModels.Grants;

/// <summary>Which grants a search returns by status.</summary>
public enum GrantStatusFilter
{
    Any,
    Active,
    Revoked,
}

/// <summary>The orders the search offers; each is walked through an index (docs/grants.md, "Search at scale").</summary>
public enum GrantSort
{
    /// <summary>授權日期 (the default, newest first).</summary>
    Issued,

    /// <summary>機關代號, then grant number.</summary>
    Agency,

    /// <summary>憑證序號.</summary>
    Serial,

    /// <summary>憑證到期日 (unknown expiries last).</summary>
    CertificateExpiry,
}

/// <summary>
/// The administrators' search over every agency's grants. Every filter is optional; <see cref="NationalIdHash"/> is
/// the keyed hash of the typed ID (the table holds no ID), <see cref="Serial"/> a canonical serial
/// (<c>CertificateSerial.Normalise</c>). <see cref="Now"/> anchors "expiring within N days".
/// </summary>
public sealed record HandlerGrantSearch(
    DateTimeOffset Now,
    string? AgencyCode = null,
    string? FunctionCode = null,
    string? NationalIdHash = null,
    string? Serial = null,
    int? ExpiringWithinDays = null,
    GrantStatusFilter Status = GrantStatusFilter.Any,
    DateOnly? IssuedFrom = null,
    DateOnly? IssuedTo = null,
    GrantSort Sort = GrantSort.Issued,
    bool Descending = true,
    int Page = 1,
    int PageSize = 25);

/// <summary>The administrators' search over every agency's handler grants: a page with its (capped) count, the whole result as a stream (the export), its plan.</summary>
public sealed class HandlerGrantSearchQuery(ReadModelDatabase readModels)
{
    /// <summary>Counts stop here; the page says "more than 10,000".</summary>
    public const int CountCap = 10_000;

    /// <summary>The deepest row a page may start at; past it the user narrows the filters (or exports).</summary>
    public const int MaxOffset = 10_000;

    public static IReadOnlyList<int> PageSizes { get; } = [10, 25, 50, 100];

    /// <summary>The administrators' search: one page and the (capped) count.</summary>
    public async Task<HandlerGrantPage> SearchAsync(HandlerGrantSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var (page, pageSize) = Clamp(search.Page, search.PageSize);
        var offset = Math.Min((page - 1) * pageSize, MaxOffset);
        page = (offset / pageSize) + 1;
        var sql = Build(search);
        var parameters = sql.Parameters;
        parameters.Add("limit", pageSize);
        parameters.Add("offset", offset);
        parameters.Add("cap", CountCap + 1);
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var counted = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT count(*) FROM (SELECT 1 {sql.CountFrom} WHERE {sql.Where} LIMIT @cap) AS capped", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<RowData>(new CommandDefinition(
            $"SELECT {Columns} {sql.From} WHERE {sql.Where} ORDER BY {sql.OrderBy} LIMIT @limit OFFSET @offset", parameters, cancellationToken: cancellationToken));
        return new HandlerGrantPage(rows.Select(r => r.ToRow()).ToList(), Math.Min(counted, CountCap), counted > CountCap, page, pageSize);
    }

    /// <summary>Every row the search matches, in its order, read as it is consumed (the CSV export).</summary>
    public async IAsyncEnumerable<HandlerGrantRow> StreamAsync(HandlerGrantSearch search, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var sql = Build(search);
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        await foreach (var row in connection.QueryUnbufferedAsync<RowData>(
                           $"SELECT {Columns} {sql.From} WHERE {sql.Where} ORDER BY {sql.OrderBy}", sql.Parameters).WithCancellation(cancellationToken))
            yield return row.ToRow();
    }

    /// <summary>How many rows the search matches, exactly (the export's progress denominator).</summary>
    public async Task<int> CountAsync(HandlerGrantSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var sql = Build(search);
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*) {sql.From} WHERE {sql.Where}", sql.Parameters, cancellationToken: cancellationToken));
    }

    /// <summary>The plan SQLite chooses for a search's page query, for the tests and the benchmark that assert no full scan.</summary>
    public async Task<IReadOnlyList<string>> ExplainAsync(HandlerGrantSearch search, CancellationToken cancellationToken = default)
    {
        var sql = Build(search);
        var parameters = sql.Parameters;
        parameters.Add("limit", 25);
        parameters.Add("offset", 0);
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var plan = await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(new CommandDefinition(
            $"EXPLAIN QUERY PLAN SELECT {Columns} {sql.From} WHERE {sql.Where} ORDER BY {sql.OrderBy} LIMIT @limit OFFSET @offset", parameters, cancellationToken: cancellationToken));
        return plan.Select(p => p.Detail).ToList();
    }

    /// <param name="CountFrom">What the count reads: the function rows alone when every filter is on them (one row per grant and
    /// function, carrying the grant's agency, status and issue time), so counting 10,001 matches walks one index
    /// instead of joining each to its grant.</param>
    private sealed record SearchSql(string From, string CountFrom, string Where, string OrderBy, DynamicParameters Parameters);

    private static SearchSql Build(HandlerGrantSearch s)
    {
        var parameters = new DynamicParameters();
        var where = new List<string>();
        var byFunction = !string.IsNullOrWhiteSpace(s.FunctionCode);
        // A function filter starts from the function rows (their index is ordered by status and issue time) and
        // joins each grant by its key; otherwise the grants table alone.
        var from = byFunction
            ? "FROM issued_grant_functions f JOIN issued_grants g ON g.agency_code = f.agency_code AND g.grant_number = f.grant_number"
            : "FROM issued_grants g";
        var t = byFunction ? "f" : "g";
        var filtersOnGrant = false;
        if (byFunction)
        {
            where.Add("f.function_code = @function");
            parameters.Add("function", s.FunctionCode!.Trim());
        }
        if (s.Status != GrantStatusFilter.Any)
        {
            where.Add($"{t}.active = @active");
            parameters.Add("active", s.Status == GrantStatusFilter.Active ? 1 : 0);
        }
        if (!string.IsNullOrWhiteSpace(s.AgencyCode))
        {
            where.Add($"{t}.agency_code = @agency");
            parameters.Add("agency", s.AgencyCode.Trim().ToUpperInvariant());
        }
        if (!string.IsNullOrEmpty(s.NationalIdHash))
        {
            where.Add("g.id_hash = @idHash");
            filtersOnGrant = true;
            parameters.Add("idHash", s.NationalIdHash);
        }
        if (!string.IsNullOrEmpty(s.Serial))
        {
            where.Add("g.serial = @serial");
            filtersOnGrant = true;
            parameters.Add("serial", s.Serial);
        }
        if (s.ExpiringWithinDays is { } days)
        {
            where.Add("g.cert_not_after_us BETWEEN @now AND @until");
            filtersOnGrant = true;
            parameters.Add("now", Microseconds(s.Now));
            parameters.Add("until", Microseconds(s.Now.AddDays(days)));
        }
        if (s.IssuedFrom is { } from1)
        {
            where.Add($"{t}.issued_at_us >= @issuedFrom");
            parameters.Add("issuedFrom", Microseconds(RocDate.StartOfTaiwanDay(from1)));
        }
        if (s.IssuedTo is { } to)
        {
            where.Add($"{t}.issued_at_us < @issuedBefore");
            parameters.Add("issuedBefore", Microseconds(RocDate.StartOfTaiwanDay(to.AddDays(1))));
        }
        if (where.Count == 0)
            where.Add("1 = 1");

        var direction = s.Descending ? "DESC" : "ASC";
        var orderBy = s.Sort switch
        {
            GrantSort.Agency => $"{t}.agency_code {direction}, {t}.grant_number {direction}",
            GrantSort.Serial => $"g.serial {direction}, g.agency_code {direction}, g.grant_number {direction}",
            // Unknown expiries last either way; with the expiry filter there are none, and the index gives the order.
            GrantSort.CertificateExpiry => s.ExpiringWithinDays is null
                ? $"g.cert_not_after_us {direction} NULLS LAST, g.agency_code {direction}, g.grant_number {direction}"
                : $"g.cert_not_after_us {direction}, g.agency_code {direction}, g.grant_number {direction}",
            _ => $"{t}.issued_at_us {direction}, {t}.agency_code {direction}, {t}.grant_number {direction}",
        };
        var countFrom = byFunction && !filtersOnGrant ? "FROM issued_grant_functions f" : from;
        return new SearchSql(from, countFrom, string.Join(" AND ", where), orderBy, parameters);
    }
}
