using Domain.Common;

namespace ReadModels.Grants;

/// <summary>
/// The searches administrators run most, by name: the benchmark measures them and a test checks that none of them
/// scans the whole table. Each uses the default order (newest first), as the search page does.
/// </summary>
public static class CommonFilters
{
    public static IReadOnlyList<string> Names { get; } =
        ["none", "agency", "function", "function-active", "id", "serial", "expiring", "active", "revoked", "issued-between"];

    /// <param name="now">The instant "expiring" counts from; the issue-date range is the 30 Taiwan days before it.</param>
    /// <param name="idHash">A handler's keyed ID hash for the "id" filter.</param>
    /// <param name="agencyCode">The agency of the "agency" filter.</param>
    /// <param name="serial">The serial of the "serial" filter.</param>
    public static HandlerGrantSearch Of(string name, DateTimeOffset now, string idHash, string agencyCode = "1000001", string serial = "0A17", string function = "0201") => name switch
    {
        "none" => new HandlerGrantSearch(now),
        "agency" => new HandlerGrantSearch(now, AgencyCode: agencyCode),
        "function" => new HandlerGrantSearch(now, FunctionCode: function),
        "function-active" => new HandlerGrantSearch(now, FunctionCode: function, Status: GrantStatusFilter.Active),
        "id" => new HandlerGrantSearch(now, NationalIdHash: idHash),
        "serial" => new HandlerGrantSearch(now, Serial: serial),
        "expiring" => new HandlerGrantSearch(now, ExpiringWithinDays: 30, Sort: GrantSort.CertificateExpiry, Descending: false),
        "active" => new HandlerGrantSearch(now, Status: GrantStatusFilter.Active),
        "revoked" => new HandlerGrantSearch(now, Status: GrantStatusFilter.Revoked),
        "issued-between" => new HandlerGrantSearch(now, IssuedFrom: RocDate.TaiwanDate(now).AddDays(-30), IssuedTo: RocDate.TaiwanDate(now)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a common filter"),
    };
}
