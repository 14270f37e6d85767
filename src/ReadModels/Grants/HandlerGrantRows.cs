namespace ReadModels.Grants;

/// <summary>One grant as the lists show it: the ID masked, the functions as codes in catalogue order.</summary>
public sealed record HandlerGrantRow(
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
/// One page of results. <see cref="Total"/> is exact up to <see cref="HandlerGrantSearchQuery.CountCap"/>; above it
/// <see cref="TotalIsCapped"/> says "more than that" (counting a million rows on every page would cost more than the page).
/// </summary>
public sealed record HandlerGrantPage(IReadOnlyList<HandlerGrantRow> Rows, int Total, bool TotalIsCapped, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (int)Math.Ceiling(Total / (double)PageSize));

    /// <summary>The 1-based number of the first row shown (0 when none).</summary>
    public int FirstRow => Rows.Count == 0 ? 0 : ((Page - 1) * PageSize) + 1;

    public int LastRow => Rows.Count == 0 ? 0 : FirstRow + Rows.Count - 1;

    public bool HasNext => Page * PageSize < Total && Page * PageSize < HandlerGrantSearchQuery.MaxOffset;
}

/// <summary>
/// How the handler-grant queries read a row of <c>issued_grants</c> (<see cref="HandlerGrantsProjection"/>): the columns
/// they select and the row they map, the page sizes they accept, and the canonical-serial prefix a typed text may be.
/// </summary>
internal static class HandlerGrantRows
{
    public const string Columns =
        "g.agency_code AS AgencyCode, g.grant_number AS GrantNumber, g.agency_name AS AgencyName, g.serial AS Serial, g.handler_name AS HandlerName, "
        + "g.id_masked AS MaskedNationalId, g.functions AS Functions, g.catalogue_version AS CatalogueVersion, g.active AS Active, g.issued_at_us AS IssuedAtUs, "
        + "g.changed_at_us AS ChangedAtUs, g.revoked_at_us AS RevokedAtUs, g.revoke_reason AS RevokeReason, g.cert_not_after_us AS CertNotAfterUs";

    public static (int Page, int PageSize) Clamp(int page, int pageSize) =>
        (Math.Max(1, page), HandlerGrantSearchQuery.PageSizes.Contains(pageSize) ? pageSize : HandlerGrantSearchQuery.PageSizes[1]);

    /// <summary>The typed text as the start of a canonical serial, when it could be one (hex digits only).</summary>
    public static string? CertificateSerialPrefix(string? text) =>
        text is { Length: > 0 } && text.All(char.IsAsciiHexDigit) ? text.ToUpperInvariant() : null;

    public static long Microseconds(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicroseconds(long us) => DateTimeOffset.UnixEpoch.AddTicks(us * 10);

    public sealed class RowData
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

        public HandlerGrantRow ToRow() => new(
            AgencyCode, (int)GrantNumber, AgencyName, Serial, HandlerName, MaskedNationalId,
            Functions.Length == 0 ? [] : Functions.Split(','), CatalogueVersion, Active == 1,
            FromMicroseconds(IssuedAtUs), FromMicroseconds(ChangedAtUs), RevokedAtUs is { } r ? FromMicroseconds(r) : null, RevokeReason,
            CertNotAfterUs is { } n ? FromMicroseconds(n) : null);
    }
}
