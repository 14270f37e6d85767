using EventStore.State;
using Web.State;

namespace Web.Exports;

/// <summary>
/// An export's file in the state table instead of a node's disk: written as it is produced in chunks of
/// <see cref="ChunkBytes"/> (kind <c>export-chunk</c>, key <c>{job}:{n}</c>, encrypted — exports carry names), read back
/// as a stream one chunk at a time. Neither side ever holds the whole file, and any node can serve the download.
/// </summary>
public sealed class ExportFile(IStateStore state, StatePayload payload, string owner, string job, DateTimeOffset expiresAt) : IAsyncDisposable
{
    public const int ChunkBytes = 1024 * 1024;

    private readonly MemoryStream _pending = new();

    /// <summary>How many chunks are written so far.</summary>
    public int Chunks { get; private set; }

    /// <summary>Adds bytes to the file, writing each full chunk to the state table.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        _pending.Write(bytes);
        if (_pending.Length >= ChunkBytes)
            Flush();
    }

    /// <summary>Writes what is pending (the last, shorter chunk); the file is then <see cref="Chunks"/> long.</summary>
    public void Flush()
    {
        if (_pending.Length == 0)
            return;
        state.Put(StateKinds.ExportChunk, owner, Key(job, Chunks), payload.Seal(_pending.ToArray()), expiresAt);
        Chunks++;
        _pending.SetLength(0);
    }

    public ValueTask DisposeAsync() => _pending.DisposeAsync();

    /// <summary>The file of <paramref name="chunks"/> chunks as a read-only stream (a chunk gone meanwhile ends it with an IOException).</summary>
    public static Stream Open(IStateStore state, StatePayload payload, string owner, string job, int chunks) => new ChunkStream(state, payload, owner, job, chunks);

    /// <summary>Deletes the chunks of a job (a failed or cancelled export).</summary>
    public static void Delete(IStateStore state, string owner, string job, int chunks)
    {
        ArgumentNullException.ThrowIfNull(state);
        for (var n = 0; n < chunks; n++)
            state.Remove(StateKinds.ExportChunk, owner, Key(job, n));
    }

    private static string Key(string job, int chunk) => $"{job}:{chunk:D6}";

    private sealed class ChunkStream(IStateStore state, StatePayload payload, string owner, string job, int chunks) : Stream
    {
        private byte[] _chunk = [];
        private int _offset;
        private int _next;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_offset == _chunk.Length)
            {
                if (_next == chunks)
                    return 0;
                _chunk = state.Find(StateKinds.ExportChunk, owner, Key(job, _next)) is { } row && payload.Open(row.Value) is { } bytes
                    ? bytes
                    : throw new IOException($"Chunk {_next} of export {job} is gone.");
                _offset = 0;
                _next++;
            }
            var n = Math.Min(buffer.Length, _chunk.Length - _offset);
            _chunk.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
