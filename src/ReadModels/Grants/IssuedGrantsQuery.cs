using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Dapper;
using Domain.Common;
using Microsoft.Data.Sqlite;
using ReadModels.Querying;

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
public sealed record GrantSearch(
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

/// <summary>One grant as the lists show it: the ID masked, the functions as codes in catalogue order.</summary>
public sealed record IssuedGrantRow(
    string AgencyCode,
    int GrantNumber,
    string? AgencyName,
    string Serial,
    string HandlerName,
    string MaskedNationalId,
    IReadOnlyList<string> FunctionCodes,
    string CatalogueVersion,
    bool Active,
    DateTimeOffset IssuedAt,
    DateTimeOffset ChangedAt,
    DateTimeOffset? RevokedAt,
    string? RevokeReason,
    DateTimeOffset? CertificateNotAfter);

/// <summary>
/// One page of results. <see cref="Total"/> is exact up to <see cref="IssuedGrantsQuery.CountCap"/>; above it
/// <see cref="TotalIsCapped"/> says "more than that" (counting a million rows on every page would cost more than the page).
/// </summary>
public sealed record GrantPage(IReadOnlyList<IssuedGrantRow> Rows, int Total, bool TotalIsCapped, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (int)Math.Ceiling(Total / (double)PageSize));

    /// <summary>The 1-based number of the first row shown (0 when none).</summary>
    public int FirstRow => Rows.Count == 0 ? 0 : ((Page - 1) * PageSize) + 1;

    public int LastRow => Rows.Count == 0 ? 0 : FirstRow + Rows.Count - 1;

    public bool HasNext => Page * PageSize < Total && Page * PageSize < IssuedGrantsQuery.MaxOffset;
}

/// <summary>
/// A registered agency as the grant pages need it: its name, the stream version to send with a change, and the
/// registered organisation and manager certificates (issuer key id, serial) the card steps must present.
/// </summary>
public sealed record GrantAgency(
    string AgencyCode, string AgencyName, long StreamVersion,
    string OrganisationIssuerKeyId, string OrganisationSerial, string ManagerIssuerKeyId, string ManagerSerial, string ManagerName, string ManagerIdHash);

/// <summary>Reads the <see cref="IssuedGrantsProjection"/> tables: one agency's list, a handler's own grants, the search and the export.</summary>
public sealed class IssuedGrantsQuery(ReadModelDatabase readModels)
{
    /// <summary>Counts stop here; the page says "more than 10,000".</summary>
    public const int CountCap = 10_000;

    /// <summary>The deepest row a page may start at; past it the user narrows the filters (or exports).</summary>
    public const int MaxOffset = 10_000;

    public static IReadOnlyList<int> PageSizes { get; } = [10, 25, 50, 100];

    private const string Columns =
        "g.agency_code AS AgencyCode, g.grant_number AS GrantNumber, g.agency_name AS AgencyName, g.serial AS Serial, g.handler_name AS HandlerName, "
        + "g.id_masked AS MaskedNationalId, g.functions AS Functions, g.catalogue_version AS CatalogueVersion, g.active AS Active, g.issued_at_us AS IssuedAtUs, "
        + "g.changed_at_us AS ChangedAtUs, g.revoked_at_us AS RevokedAtUs, g.revoke_reason AS RevokeReason, g.cert_not_after_us AS CertNotAfterUs";

    private const string AgencyColumns =
        "SELECT agency_code AS AgencyCode, agency_name AS AgencyName, stream_version AS StreamVersion, org_issuer_key_id AS OrganisationIssuerKeyId, "
        + "org_serial AS OrganisationSerial, manager_issuer_key_id AS ManagerIssuerKeyId, manager_serial AS ManagerSerial, manager_name AS ManagerName, "
        + "manager_id_hash AS ManagerIdHash FROM grant_agencies";

    public async Task<GrantAgency?> AgencyAsync(string agencyCode, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<GrantAgency>(new CommandDefinition(
            $"{AgencyColumns} WHERE agency_code = @agencyCode", new { agencyCode }, cancellationToken: cancellationToken));
    }

    /// <summary>The agency whose registered organisation certificate this is, if any.</summary>
    public async Task<GrantAgency?> AgencyOfOrganisationCertificateAsync(string issuerKeyId, string serial, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<GrantAgency>(new CommandDefinition(
            $"{AgencyColumns} WHERE org_issuer_key_id = @issuerKeyId AND org_serial = @serial", new { issuerKeyId, serial }, cancellationToken: cancellationToken));
    }

    /// <summary>One grant of an agency, active or revoked.</summary>
    public async Task<IssuedGrantRow?> GrantAsync(string agencyCode, int grantNumber, CancellationToken cancellationToken = default)
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
    public async Task<GrantPage> ForAgencyAsync(string agencyCode, bool activeOnly, string? text, int page, int pageSize, CancellationToken cancellationToken = default)
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
            where.Append(" AND (instr(g.handler_name, @text) > 0" + (serialPrefix is null ? ")" : " OR substr(g.serial, 1, length(@serialPrefix)) = @serialPrefix)"));
        var parameters = new { agencyCode, text = trimmed, serialPrefix, limit = pageSize, offset = (page - 1) * pageSize };
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT count(*) FROM issued_grants g WHERE {where}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<RowData>(new CommandDefinition(
            $"SELECT {Columns} FROM issued_grants g WHERE {where} ORDER BY g.grant_number LIMIT @limit OFFSET @offset", parameters, cancellationToken: cancellationToken));
        return new GrantPage(rows.Select(r => r.ToRow()).ToList(), total, false, page, pageSize);
    }

    /// <summary>A handler's own view: the active grants held by a certificate serial, in every agency.</summary>
    public async Task<IReadOnlyList<IssuedGrantRow>> ForSerialAsync(string serial, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RowData>(new CommandDefinition(
            $"SELECT {Columns} FROM issued_grants g WHERE g.serial = @serial AND g.active = 1 ORDER BY g.agency_code, g.grant_number",
            new { serial }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRow()).ToList();
    }

    /// <summary>The administrators' search: one page and the (capped) count.</summary>
    public async Task<GrantPage> SearchAsync(GrantSearch search, CancellationToken cancellationToken = default)
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
            $"SELECT count(*) FROM (SELECT 1 {sql.CountFrom} WHERE {sql.Where} LIMIT @cap)", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<RowData>(new CommandDefinition(
            $"SELECT {Columns} {sql.From} WHERE {sql.Where} ORDER BY {sql.OrderBy} LIMIT @limit OFFSET @offset", parameters, cancellationToken: cancellationToken));
        return new GrantPage(rows.Select(r => r.ToRow()).ToList(), Math.Min(counted, CountCap), counted > CountCap, page, pageSize);
    }

    /// <summary>Every row the search matches, in its order, read as it is consumed (the CSV export).</summary>
    public async IAsyncEnumerable<IssuedGrantRow> StreamAsync(GrantSearch search, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var sql = Build(search);
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        await foreach (var row in connection.QueryUnbufferedAsync<RowData>(
                           $"SELECT {Columns} {sql.From} WHERE {sql.Where} ORDER BY {sql.OrderBy}", sql.Parameters).WithCancellation(cancellationToken))
            yield return row.ToRow();
    }

    /// <summary>How many rows the search matches, exactly (the export's progress denominator).</summary>
    public async Task<int> CountAsync(GrantSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var sql = Build(search);
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*) {sql.From} WHERE {sql.Where}", sql.Parameters, cancellationToken: cancellationToken));
    }

    /// <summary>The plan SQLite chooses for a search's page query, for the tests and the benchmark that assert no full scan.</summary>
    public async Task<IReadOnlyList<string>> ExplainAsync(GrantSearch search, CancellationToken cancellationToken = default)
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

    private static SearchSql Build(GrantSearch s)
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

    private static (int Page, int PageSize) Clamp(int page, int pageSize) =>
        (Math.Max(1, page), PageSizes.Contains(pageSize) ? pageSize : PageSizes[1]);

    /// <summary>The typed text as the start of a canonical serial, when it could be one (hex digits only).</summary>
    private static string? CertificateSerialPrefix(string? text) =>
        text is { Length: > 0 } && text.All(char.IsAsciiHexDigit) ? text.ToUpperInvariant() : null;

    private static long Microseconds(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static DateTimeOffset FromMicroseconds(long us) => DateTimeOffset.UnixEpoch.AddTicks(us * 10);

    private sealed class RowData
    {
        public string AgencyCode { get; init; } = "";
        public long GrantNumber { get; init; }
        public string? AgencyName { get; init; }
        public string Serial { get; init; } = "";
        public string HandlerName { get; init; } = "";
        public string MaskedNationalId { get; init; } = "";
        public string Functions { get; init; } = "";
        public string CatalogueVersion { get; init; } = "";
        public long Active { get; init; }
        public long IssuedAtUs { get; init; }
        public long ChangedAtUs { get; init; }
        public long? RevokedAtUs { get; init; }
        public string? RevokeReason { get; init; }
        public long? CertNotAfterUs { get; init; }

        public IssuedGrantRow ToRow() => new(
            AgencyCode, (int)GrantNumber, AgencyName, Serial, HandlerName, MaskedNationalId,
            Functions.Length == 0 ? [] : Functions.Split(','), CatalogueVersion, Active == 1,
            FromMicroseconds(IssuedAtUs), FromMicroseconds(ChangedAtUs), RevokedAtUs is { } r ? FromMicroseconds(r) : null, RevokeReason,
            CertNotAfterUs is { } n ? FromMicroseconds(n) : null);
    }
}
