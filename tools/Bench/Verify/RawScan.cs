using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace Bench.Verify;

/// <summary>
/// The floor under verification: reading every column of every event row in position order, with no hashing and no
/// checks, the way the verifier reads them. Verification can only be as fast as this.
/// </summary>
internal static class RawScan
{
    private const string Sql = "SELECT position, stream_id, revision, event_id, type, created_us, data, metadata, prev_hash, hash FROM events ORDER BY position";

    /// <summary>Steps every row with SQLite's own API (as the verifier does) and sums every column's length.</summary>
    public static long Sqlite(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA cache_size = -65536; PRAGMA mmap_size = 4294967296;";
            pragmas.ExecuteNonQuery();
        }

        if (raw.sqlite3_prepare_v2(connection.Handle, Sql, out var statement) != raw.SQLITE_OK)
            throw new InvalidOperationException(raw.sqlite3_errmsg(connection.Handle).utf8_to_string());
        using (statement)
        {
            long rows = 0, bytes = 0;
            while (raw.sqlite3_step(statement) == raw.SQLITE_ROW)
            {
                rows++;
                bytes += raw.sqlite3_column_int64(statement, 0) + raw.sqlite3_column_int64(statement, 1) + raw.sqlite3_column_int64(statement, 2) + raw.sqlite3_column_int64(statement, 5);
                bytes += raw.sqlite3_column_blob(statement, 3).Length + raw.sqlite3_column_blob(statement, 4).Length;
                for (var column = 6; column <= 9; column++)
                    bytes += raw.sqlite3_column_blob(statement, column).Length;
            }

            return bytes != 0 ? rows : 0;
        }
    }

    public static long Postgres(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(Sql, connection);
        using var reader = command.ExecuteReader(System.Data.CommandBehavior.SequentialAccess);
        return Drain(reader);
    }

    private static long Drain(System.Data.Common.DbDataReader reader)
    {
        var buffer = new byte[1 << 16];
        long rows = 0, bytes = 0;
        while (reader.Read())
        {
            rows += reader.GetInt64(0) > 0 ? 1 : 0;
            _ = reader.GetInt64(1) + reader.GetInt64(2);
            bytes += reader.GetBytes(3, 0, buffer, 0, 16);
            bytes += reader.GetString(4).Length;
            _ = reader.GetInt64(5);
            for (var column = 6; column <= 9; column++)
            {
                var length = (int)reader.GetBytes(column, 0, null, 0, 0);
                bytes += reader.GetBytes(column, 0, buffer, 0, Math.Min(length, buffer.Length));
            }
        }

        return bytes > 0 ? rows : 0;
    }
}
