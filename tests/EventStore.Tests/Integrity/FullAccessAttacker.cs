using System.Data.Common;

namespace EventStore.Tests.Integrity;

/// <summary>One stored event as an attacker rewrites it: everything but the hashes, revisions and positions, which are recomputed.</summary>
public sealed record StoredEvent(long StreamKey, string Stream, Guid EventId, string Type, byte[] Data, byte[] Metadata, long CreatedMicroseconds)
{
    public long Position { get; init; }
}

/// <summary>
/// Someone with full access to the database who knows the hash layouts: reads every stored event, lets the test change
/// the list (edit, drop, insert), then writes the history back as if it had always been so — positions 1..n in list
/// order, revisions consecutive per stream, every stream hash and <c>$all</c> link recomputed, stream records and the
/// head updated. Everything such a store says about itself is then consistent; only a signed checkpoint can disagree.
/// </summary>
public static class FullAccessAttacker
{
    public static async Task<List<StoredEvent>> ReadAsync(TamperableStore target)
    {
        await using var connection = await target.ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT e.position, e.stream_id, s.name, e.event_id, e.type, e.data, e.metadata, e.created_us FROM events e JOIN streams s ON s.id = e.stream_id ORDER BY e.position";
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync())
        {
            var id = target.EventIdsAreBlobs ? new Guid(reader.GetFieldValue<byte[]>(3), bigEndian: true) : reader.GetGuid(3);
            events.Add(new StoredEvent(reader.GetInt64(1), reader.GetString(2), id, reader.GetString(4), reader.GetFieldValue<byte[]>(5), reader.GetFieldValue<byte[]>(6), reader.GetInt64(7))
            {
                Position = reader.GetInt64(0),
            });
        }

        return events;
    }

    /// <summary>Rewrites the whole history as <paramref name="edit"/> leaves it. Streams left without events are removed.</summary>
    public static async Task RewriteAsync(TamperableStore target, Action<List<StoredEvent>> edit)
    {
        var events = await ReadAsync(target);
        edit(events);
        await using var connection = await target.ConnectAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, transaction, "DELETE FROM events");

        var streams = new Dictionary<long, (long Revision, byte[] Hash)>();
        var all = HashChain.Genesis.ToArray();
        long position = 0;
        foreach (var e in events)
        {
            position++;
            var (last, previous) = streams.GetValueOrDefault(e.StreamKey, (-1, HashChain.Genesis.ToArray()));
            var revision = last + 1;
            var hash = HashChain.Link(previous, e.Stream, revision, e.EventId, e.Type, e.Data, e.Metadata, e.CreatedMicroseconds);
            all = HashChain.AllLink(all, position, hash);
            streams[e.StreamKey] = (revision, hash);
            await ExecuteAsync(connection, transaction,
                "INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, created_us, prev_hash, hash, all_hash) VALUES (@p, @s, @r, @id, @t, @d, @m, @c, @ph, @h, @ah)",
                ("@p", position), ("@s", e.StreamKey), ("@r", revision), ("@id", target.EventIdsAreBlobs ? e.EventId.ToByteArray(bigEndian: true) : e.EventId),
                ("@t", e.Type), ("@d", e.Data), ("@m", e.Metadata), ("@c", e.CreatedMicroseconds), ("@ph", previous), ("@h", hash), ("@ah", all));
        }

        await using (var names = connection.CreateCommand())
        {
            names.Transaction = transaction;
            names.CommandText = "SELECT id FROM streams";
            var keys = new List<long>();
            await using (var reader = await names.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                    keys.Add(reader.GetInt64(0));
            }

            foreach (var key in keys)
            {
                if (streams.TryGetValue(key, out var head))
                    await ExecuteAsync(connection, transaction, "UPDATE streams SET last_revision = @r, last_hash = @h WHERE id = @id", ("@r", head.Revision), ("@h", head.Hash), ("@id", key));
                else
                    await ExecuteAsync(connection, transaction, "DELETE FROM streams WHERE id = @id", ("@id", key));
            }
        }

        if (!target.EventIdsAreBlobs)
            await ExecuteAsync(connection, transaction, "UPDATE head SET position = @p, all_hash = @h", ("@p", position), ("@h", all));
        await transaction.CommitAsync();
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }
}
