namespace EventStore.Storage;

/// <summary>
/// The one SQL condition deciding whether an event (alias <c>e</c>) of a stream (alias <c>s</c>) can be read:
/// not tombstoned, not before the last soft delete, and within truncate-before, $maxCount and $maxAge.
/// Both adapters use it, so stream reads, $all reads and subscriptions hide exactly the same events.
/// The parameter <c>@now</c> is the reader's clock in Unix microseconds.
/// </summary>
internal static class Visibility
{
    public static readonly string Condition = On("e", "s");

    /// <summary>The condition with other aliases for the events and streams columns (both may be one derived table).</summary>
    public static string On(string e, string s) => $"""
        {s}.tombstoned = 0
        AND {e}.revision >= {s}.incarnation_start
        AND ({s}.truncate_before IS NULL OR {e}.revision >= {s}.truncate_before)
        AND ({s}.max_count IS NULL OR {e}.revision > {s}.last_revision - {s}.max_count)
        AND ({s}.max_age_us IS NULL OR {e}.created_us >= @now - {s}.max_age_us)
        """;

    /// <summary>
    /// One stream's visible events from revision <c>@from</c> on, at most <c>@max</c>, for stream key <c>@stream</c>;
    /// the stream key comes last so readers can cache names by it.
    /// </summary>
    public static string ReadStreamSql(Direction direction) => $"""
        SELECT {EventColumns}, e.stream_id
        FROM events e JOIN streams s ON s.id = e.stream_id
        WHERE e.stream_id = @stream AND {Condition}
          AND e.revision {(direction == Direction.Forwards ? ">=" : "<=")} @from
        ORDER BY e.revision {(direction == Direction.Forwards ? "ASC" : "DESC")}
        LIMIT @max
        """;

    /// <summary>The columns every event read returns, in the order the adapters' readers expect.</summary>
    public const string EventColumns = "e.position, s.name, e.revision, e.event_id, e.type, e.created_us, e.data, e.metadata, e.prev_hash, e.hash";

    public const string StreamColumns = "id, name, last_revision, incarnation_start, soft_deleted, tombstoned, truncate_before, max_count, max_age_us, last_hash";
}
