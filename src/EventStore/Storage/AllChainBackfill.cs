using System.Data.Common;

namespace EventStore.Storage;

/// <summary>
/// Gives a store written before the <c>$all</c> chain its links: walks the stored events in position order and sets
/// each one's <c>all_hash</c> from the link before it and the event's stored hash. Runs inside the caller's schema
/// transaction, in chunks so the reading statement is closed before its rows are updated.
/// </summary>
internal static class AllChainBackfill
{
    private const int Chunk = 10_000;

    /// <param name="update">An UPDATE taking <c>@h</c> (the link) and <c>@p</c> (the position).</param>
    /// <returns>The last position and its link (position 0 and the genesis link for an empty store).</returns>
    public static (long Position, byte[] AllHash) Run(DbConnection connection, DbTransaction transaction, string update)
    {
        var previous = HashChain.Genesis.ToArray();
        long after = 0;
        var rows = new List<(long Position, byte[] Hash)>(Chunk);
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = $"SELECT position, hash FROM events WHERE position > @after ORDER BY position LIMIT {Chunk}";
        var afterParameter = read.CreateParameter();
        afterParameter.ParameterName = "@after";
        read.Parameters.Add(afterParameter);
        using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = update;
        var hash = write.CreateParameter();
        hash.ParameterName = "@h";
        var position = write.CreateParameter();
        position.ParameterName = "@p";
        write.Parameters.Add(hash);
        write.Parameters.Add(position);
        while (true)
        {
            rows.Clear();
            afterParameter.Value = after;
            using (var reader = read.ExecuteReader())
            {
                while (reader.Read())
                    rows.Add((reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
            }

            foreach (var (at, eventHash) in rows)
            {
                previous = HashChain.AllLink(previous, at, eventHash);
                hash.Value = previous;
                position.Value = at;
                write.ExecuteNonQuery();
                after = at;
            }

            if (rows.Count < Chunk)
                return (after, previous);
        }
    }
}
