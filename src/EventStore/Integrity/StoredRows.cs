namespace EventStore.Integrity;

/// <summary>A stream's own record as stored: its key, name, and the last revision and hash the writer recorded for it.</summary>
internal sealed record StreamRecord(long Key, string Name, long LastRevision, byte[]? LastHash);

/// <summary>
/// A read-only snapshot of an adapter's tables as stored, hidden events included (soft-deleted, truncated,
/// tombstoned): verification must see every row, not what reads show. One snapshot answers every call, so
/// stream records and events agree even while the store keeps appending.
/// </summary>
internal abstract class StoredRows : IDisposable
{
    /// <summary>Every stream record, by key; or only the one named when <paramref name="name"/> is given.</summary>
    public abstract IReadOnlyDictionary<long, StreamRecord> ReadStreams(string? name);

    /// <summary>The highest position stored (0 when empty), and the store's own head counter where the adapter keeps one.</summary>
    public abstract (long MaxPosition, long? RecordedHead) ReadHead();

    /// <summary>Every stored event in position order, or one stream's (<paramref name="streamKey"/>) in position order.</summary>
    public abstract EventCursor ReadEvents(long? streamKey);

    public abstract void Dispose();
}

/// <summary>
/// Walks stored event rows one at a time. The byte fields are views of buffers the cursor reuses for the next row,
/// so a verification of millions of events allocates almost nothing per event.
/// </summary>
internal abstract class EventCursor : IDisposable
{
    /// <summary>Hash columns are read up to this many bytes: an edited hash of another length still shows as different.</summary>
    protected const int MaxHashBytes = 64;

    protected byte[] DataBuffer { get; private set; } = new byte[4096];

    protected byte[] MetadataBuffer { get; private set; } = new byte[1024];

    protected byte[] PreviousHashBuffer { get; } = new byte[MaxHashBytes];

    protected byte[] HashBuffer { get; } = new byte[MaxHashBytes];

    protected int DataLength { get; set; }

    protected int MetadataLength { get; set; }

    protected int PreviousHashLength { get; set; }

    protected int HashLength { get; set; }

    public long Position { get; protected set; }

    public long StreamKey { get; protected set; }

    public long Revision { get; protected set; }

    public Guid EventId { get; protected set; }

    public string Type { get; protected set; } = "";

    public long CreatedMicroseconds { get; protected set; }

    public ReadOnlySpan<byte> Data => DataBuffer.AsSpan(0, DataLength);

    public ReadOnlySpan<byte> Metadata => MetadataBuffer.AsSpan(0, MetadataLength);

    public ReadOnlySpan<byte> PreviousHash => PreviousHashBuffer.AsSpan(0, PreviousHashLength);

    public ReadOnlySpan<byte> Hash => HashBuffer.AsSpan(0, HashLength);

    /// <summary>Moves to the next row; false at the end.</summary>
    public abstract bool Read();

    public abstract void Dispose();

    /// <summary>Makes sure the data buffer holds <paramref name="length"/> bytes (it only ever grows).</summary>
    protected void EnsureData(long length)
    {
        if (length > DataBuffer.Length)
            DataBuffer = new byte[Math.Max(length, DataBuffer.Length * 2L)];
    }

    protected void EnsureMetadata(long length)
    {
        if (length > MetadataBuffer.Length)
            MetadataBuffer = new byte[Math.Max(length, MetadataBuffer.Length * 2L)];
    }
}
