using System.Data.Common;

namespace EventStore.Storage;

/// <summary>Turns rows in the column orders of <see cref="Visibility"/> into stream rows and recorded events, for both adapters.</summary>
internal static class Rows
{
    /// <summary>Reads <see cref="Visibility.StreamColumns"/>.</summary>
    public static StreamRow Stream(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetInt64(2),
        reader.GetInt64(3),
        reader.GetInt64(4) != 0,
        reader.GetInt64(5) != 0,
        reader.IsDBNull(6) ? null : reader.GetInt64(6),
        reader.IsDBNull(7) ? null : reader.GetInt64(7),
        reader.IsDBNull(8) ? null : reader.GetInt64(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9));

    /// <summary>Reads <see cref="Visibility.EventColumns"/>; the adapter supplies the stream name and event id, which it reads its own way.</summary>
    public static RecordedEvent Event(DbDataReader reader, string streamId, Guid eventId) => new(
        new Position(reader.GetInt64(0)),
        streamId,
        new StreamRevision(reader.GetInt64(2)),
        eventId,
        reader.GetString(4),
        reader.GetFieldValue<byte[]>(6),
        reader.GetFieldValue<byte[]>(7),
        HashChain.FromUnixMicroseconds(reader.GetInt64(5)),
        reader.GetFieldValue<byte[]>(8),
        reader.GetFieldValue<byte[]>(9));
}
