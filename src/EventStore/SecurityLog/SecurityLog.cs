namespace EventStore.SecurityLog;

/// <summary>One security event as the app reports it. Every text is already free of PINs and whole national IDs.</summary>
/// <param name="Subject">Who acted: an account or session subject, or what a stranger typed (masked).</param>
/// <param name="Target">Whom or what it was about: a masked person, an account, an import job, an agency.</param>
public sealed record SecurityLogEntry(
    DateTimeOffset At, string Kind, string Subject, string Address, string TraceId,
    string? Method = null, string? Code = null, string? Target = null, string? Detail = null);

/// <summary>
/// One row as read back. <see cref="Occurrences"/> is 1 for an itemised event; a row that stands for the events of one
/// address and kind past the per-minute cap (<see cref="Aggregated"/>) counts them instead of naming each.
/// </summary>
public sealed record SecurityLogRow(
    long Id, DateTimeOffset At, string Kind, string Subject, string Address, string TraceId,
    string? Method, string? Code, string? Target, string? Detail, long Occurrences, bool Aggregated);

/// <summary>What an auditor asks for: a time range (from inclusive, to exclusive), a kind, part of a subject or target, an address prefix.</summary>
public sealed record SecurityLogFilter(
    DateTimeOffset? From = null, DateTimeOffset? To = null, string? Kind = null, string? Subject = null, string? Address = null,
    int Page = 1, int PageSize = 50);

public sealed record SecurityLogPage(IReadOnlyList<SecurityLogRow> Rows, long Total, int Page, int PageSize)
{
    public int Pages => Total == 0 ? 1 : (int)((Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The security log (docs/architecture.md, "Security log"): sign-ins, refused card steps, personal-data searches,
/// exports, staff-account changes and imports, each with who, from where, trace id and time. Append-only for the
/// application: rows are inserted, never changed or deleted, except the one counter of an aggregated row. Writes are
/// bounded: per client address, kind and minute at most <c>cap</c> rows are itemised; the rest of that minute only
/// increments one aggregated row, so a flood of failed sign-ins adds at most cap + 1 rows per address, kind and minute.
/// </summary>
public interface ISecurityLog
{
    /// <summary>Records the event; true when it was written as its own row, false when only counted on the minute's aggregated row.</summary>
    bool Write(SecurityLogEntry entry);

    /// <summary>The rows matching the filter, newest first, one page of them.</summary>
    SecurityLogPage Find(SecurityLogFilter filter);

    /// <summary>Every row, oldest first (for checks over the whole log).</summary>
    IReadOnlyList<SecurityLogRow> All();
}
