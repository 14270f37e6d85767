using System.Data.Common;

namespace EventStore.Integrity;

/// <summary>A stream's own record as stored: its key, name, and the last revision and hash the writer recorded for it.</summary>
internal sealed record StreamRecord(long Key, string Name, long LastRevision, byte[]? LastHash)
{
    public byte[] NameUtf8 { get; } = System.Text.Encoding.UTF8.GetBytes(Name);
}

/// <summary>
/// A read-only snapshot of an adapter's tables as stored, hidden events included (soft-deleted, truncated,
/// tombstoned): verification must see every row, not what reads show. One snapshot answers every call, so
/// stream records and events agree even while the store keeps appending.
/// </summary>
internal abstract class StoredRows : IDisposable
{
    /// <summary>Whether the store's tables exist at all (a store never written to has none, and verifies nothing).</summary>
    protected abstract bool HasSchema { get; }

    /// <summary>Whether events carry <c>all_hash</c>: false for a store not yet opened by a version with the <c>$all</c> chain (verified without it).</summary>
    public bool HasAllChain { get; protected set; }

    /// <summary>A command on the snapshot's connection, inside its transaction.</summary>
    protected abstract DbCommand Command(string sql);

    /// <summary>Every stream record, by key; or only the one named when <paramref name="name"/> is given.</summary>
    public IReadOnlyDictionary<long, StreamRecord> ReadStreams(string? name)
    {
        var streams = new Dictionary<long, StreamRecord>();
        if (!HasSchema)
            return streams;
        using var command = Command($"SELECT id, name, last_revision, last_hash FROM streams{(name is null ? "" : " WHERE name = @name")}");
        if (name is not null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@name";
            parameter.Value = name;
            command.Parameters.Add(parameter);
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
            streams[reader.GetInt64(0)] = new StreamRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3));
        return streams;
    }

    /// <summary>The highest position stored (0 when empty), and the store's own head counter where the adapter keeps one.</summary>
    public abstract (long MaxPosition, long? RecordedHead) ReadHead();

    /// <summary>Every stored event in position order, or one stream's (<paramref name="streamKey"/>) in position order.</summary>
    public abstract EventCursor ReadEvents(long? streamKey);

    public abstract void Dispose();
}

/// <summary>
/// Walks stored event rows one at a time. The spans are views of the current row (the database's own buffer, or one the
/// cursor reuses) and are valid until the next <see cref="Read"/>, so verifying millions of events allocates almost nothing.
/// </summary>
internal abstract class EventCursor : IDisposable
{
    public long Position { get; protected set; }

    public long StreamKey { get; protected set; }

    public long Revision { get; protected set; }

    public Guid EventId { get; protected set; }

    public long CreatedMicroseconds { get; protected set; }

    public abstract ReadOnlySpan<byte> TypeUtf8 { get; }

    public abstract ReadOnlySpan<byte> Data { get; }

    public abstract ReadOnlySpan<byte> Metadata { get; }

    /// <summary>As stored: an edited hash of another length is shown as it is, and simply fails to match.</summary>
    public abstract ReadOnlySpan<byte> PreviousHash { get; }

    public abstract ReadOnlySpan<byte> Hash { get; }

    /// <summary>The stored <c>$all</c> link (empty when the column is null).</summary>
    public abstract ReadOnlySpan<byte> AllHash { get; }

    /// <summary>Moves to the next row; false at the end and on every call after it.</summary>
    public abstract bool Read();

    public abstract void Dispose();
}
