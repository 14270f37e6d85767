using System.Buffers.Binary;
using System.Globalization;
using EventStore.Kurrent.Protocol;
using Google.Protobuf;

namespace EventStore.Kurrent;

/// <summary>
/// How our store's values travel in KurrentDB's protocol, shared by our endpoint (src/EventStore.Grpc) and our
/// KurrentDB adapter so that both directions agree on every mapping (docs/event-store.md, "KurrentDB's protocol").
/// </summary>
public static class KurrentProtocol
{
    /// <summary>The server version our endpoint reports: the protocol level it speaks (caught-up, fell-behind, batch append).</summary>
    public const string ServerVersion = "24.10.0";

    /// <summary>Keys of a recorded or proposed event's metadata map.</summary>
    public static class MetadataKeys
    {
        public const string Type = "type";
        public const string ContentType = "content-type";

        /// <summary>DateTime ticks (100 ns) since the Unix epoch, UTC.</summary>
        public const string Created = "created";

        /// <summary>Our extension (official clients ignore unknown keys): the event's link in its stream's hash chain, hex.</summary>
        public const string Hash = "evs-hash";

        public const string PreviousHash = "evs-prev-hash";
    }

    public const string JsonContentType = "application/json";

    /// <summary>The event type of a stream metadata event, written to the stream's <c>$$</c> metadata stream.</summary>
    public const string MetadataEventType = "$metadata";

    /// <summary>Keys of the trailers KurrentDB puts on a refused call.</summary>
    public static class ErrorKeys
    {
        public const string Exception = "exception";
        public const string StreamName = "stream-name";
        public const string ExpectedVersion = "expected-version";
        public const string ActualVersion = "actual-version";

        /// <summary>
        /// Our extension trailer, read by our adapter and ignored by official clients: facts KurrentDB's wrong-expected-version
        /// answer cannot carry (<c>idempotency-conflict</c>; <c>no-live-events</c> for a soft-deleted stream).
        /// </summary>
        public const string Detail = "evs-detail";
    }

    /// <summary>Values of the <c>exception</c> trailer.</summary>
    public static class Errors
    {
        public const string WrongExpectedVersion = "wrong-expected-version";
        public const string StreamDeleted = "stream-deleted";
        public const string AccessDenied = "access-denied";
        public const string StreamNotFound = "stream-not-found";
        public const string NotLeader = "not-leader";
        public const string IdempotencyConflict = "idempotency-conflict";
        public const string NoLiveEvents = "no-live-events";
    }

    /// <summary>KurrentDB's numbers for the expectation kinds, in the <c>expected-version</c> trailer.</summary>
    public const long ExpectedAny = -2, ExpectedNoStream = -1, ExpectedStreamExists = -4;

    public static long ExpectedVersionNumber(StreamState expected) => expected.Kind switch
    {
        StreamStateKind.Any => ExpectedAny,
        StreamStateKind.NoStream => ExpectedNoStream,
        StreamStateKind.StreamExists => ExpectedStreamExists,
        _ => expected.Revision,
    };

    public static StreamState FromExpectedVersionNumber(long number) => number switch
    {
        ExpectedAny => StreamState.Any,
        ExpectedNoStream => StreamState.NoStream,
        ExpectedStreamExists => StreamState.StreamExists,
        >= 0 => StreamState.At(number),
        _ => throw new FormatException($"'{number}' is not an expected version"),
    };

    public static StreamIdentifier Stream(string name) => new() { StreamName = ByteString.CopyFromUtf8(name) };

    public static string Name(StreamIdentifier? identifier) => identifier is null ? "" : identifier.StreamName.ToStringUtf8();

    /// <summary>An event id in the form the reader asked for (string, or the two big-endian halves).</summary>
    public static UUID Uuid(Guid id, bool structured)
    {
        if (!structured)
            return new UUID { String = id.ToString("D") };
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return new UUID
        {
            Structured = new UUID.Types.Structured
            {
                MostSignificantBits = BinaryPrimitives.ReadInt64BigEndian(bytes[..8]),
                LeastSignificantBits = BinaryPrimitives.ReadInt64BigEndian(bytes[8..]),
            },
        };
    }

    public static Guid ToGuid(UUID? uuid)
    {
        switch (uuid?.ValueCase)
        {
            case UUID.ValueOneofCase.String:
                return Guid.TryParse(uuid.String, out var parsed) ? parsed : throw new FormatException($"'{uuid.String}' is not a UUID");
            case UUID.ValueOneofCase.Structured:
                Span<byte> bytes = stackalloc byte[16];
                BinaryPrimitives.WriteInt64BigEndian(bytes[..8], uuid.Structured.MostSignificantBits);
                BinaryPrimitives.WriteInt64BigEndian(bytes[8..], uuid.Structured.LeastSignificantBits);
                return new Guid(bytes, bigEndian: true);
            default:
                throw new FormatException("the event has no id");
        }
    }

    public static string CreatedTicks(DateTimeOffset created) =>
        (created.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks).ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset FromCreatedTicks(string? ticks) =>
        long.TryParse(ticks, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + value, TimeSpan.Zero)
            : DateTimeOffset.UnixEpoch;

    /// <summary>Our positions are single numbers; KurrentDB's carry a commit and a prepare part, equal for every event we store.</summary>
    public static ulong Commit(Position position) => (ulong)position.Value;

    /// <summary>Stream metadata as the JSON of a <c>$metadata</c> event: <c>$maxAge</c> (seconds), <c>$maxCount</c>, <c>$tb</c>.</summary>
    public static byte[] MetadataJson(StreamMetadata metadata)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (metadata.MaxAge is { } age)
                writer.WriteNumber("$maxAge", (long)Math.Ceiling(age.TotalSeconds));
            if (metadata.MaxCount is { } count)
                writer.WriteNumber("$maxCount", count);
            if (metadata.TruncateBefore is { } before)
                writer.WriteNumber("$tb", before.Value);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the retention settings of a <c>$metadata</c> event; other properties (ACLs, custom ones) are reported.</summary>
    public static StreamMetadata ParseMetadataJson(ReadOnlySpan<byte> json, out IReadOnlyList<string> unsupported)
    {
        var reader = new System.Text.Json.Utf8JsonReader(json);
        using var document = System.Text.Json.JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
            throw new FormatException("stream metadata is a JSON object");
        TimeSpan? maxAge = null;
        long? maxCount = null;
        StreamRevision? truncateBefore = null;
        var others = new List<string>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            switch (property.Name)
            {
                case "$maxAge" when property.Value.ValueKind == System.Text.Json.JsonValueKind.Null:
                case "$maxCount" when property.Value.ValueKind == System.Text.Json.JsonValueKind.Null:
                case "$tb" when property.Value.ValueKind == System.Text.Json.JsonValueKind.Null:
                    break;
                case "$maxAge":
                    maxAge = TimeSpan.FromSeconds(property.Value.GetInt64());
                    break;
                case "$maxCount":
                    maxCount = property.Value.GetInt64();
                    break;
                case "$tb":
                    truncateBefore = new StreamRevision(property.Value.GetInt64());
                    break;
                default:
                    others.Add(property.Name);
                    break;
            }
        }

        unsupported = others;
        return new StreamMetadata(maxAge, maxCount, truncateBefore);
    }
}
