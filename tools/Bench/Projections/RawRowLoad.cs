using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ReadModels.Projections;

namespace Bench.Projections;

/// <summary>
/// The raw baseline of the projections benchmark: the rows a projection run produced, inserted into empty tables of the
/// same definition (clustering included) with plain prepared INSERTs (Microsoft.Data.Sqlite), 10,000 rows per transaction, the same
/// <c>synchronous=NORMAL</c> WAL file settings and page cache, then the same indexes built. No events are read, decoded
/// or decided on: the floor of putting those rows on disk.
/// </summary>
internal static class RawRowLoad
{
    private const int RowsPerTransaction = 10_000;

    /// <summary>Reads every row of the projections' tables (through their live views) from <paramref name="source"/>, untimed.</summary>
    public static List<(ProjectionTable Table, List<object?[]> Rows)> Read(string source, IReadOnlyList<IProjection> projections)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<(ProjectionTable, List<object?[]>)>();
        foreach (var table in projections.SelectMany(p => p.Tables))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table.Name}";
            using var reader = command.ExecuteReader();
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                reader.GetValues(row!);
                for (var i = 0; i < row.Length; i++)
                    row[i] = row[i] is DBNull ? null : row[i];
                rows.Add(row);
            }

            tables.Add((table, rows));
        }

        return tables;
    }

    /// <summary>Creates the tables in a new file at <paramref name="path"/>, inserts the rows, builds the indexes; returns the time it took.</summary>
    public static TimeSpan Load(string path, List<(ProjectionTable Table, List<object?[]> Rows)> tables, int cacheMegabytes)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -{cacheMegabytes * 1024}; PRAGMA temp_store = MEMORY;");
        foreach (var (table, _) in tables)
            Execute(connection, $"CREATE TABLE {table.Name} ({table.Columns}){(table.ClusteredByPrimaryKey ? " WITHOUT ROWID" : "")}");

        var clock = Stopwatch.StartNew();
        foreach (var (table, rows) in tables)
        {
            if (rows.Count == 0)
                continue;
            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO {table.Name} VALUES ({string.Join(", ", Enumerable.Range(0, rows[0].Length).Select(i => $"@p{i}"))})";
            var parameters = Enumerable.Range(0, rows[0].Length).Select(i => insert.Parameters.Add(new SqliteParameter($"@p{i}", null))).ToArray();
            var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            insert.Prepare();
            for (var r = 0; r < rows.Count; r++)
            {
                var row = rows[r];
                for (var i = 0; i < row.Length; i++)
                    parameters[i].Value = row[i] ?? DBNull.Value;
                insert.ExecuteNonQuery();
                if ((r + 1) % RowsPerTransaction == 0)
                {
                    transaction.Commit();
                    transaction.Dispose();
                    transaction = connection.BeginTransaction();
                    insert.Transaction = transaction;
                }
            }

            transaction.Commit();
            transaction.Dispose();
        }

        using (var indexes = connection.BeginTransaction())
        {
            foreach (var (table, _) in tables)
            {
                for (var i = 0; i < table.Indexes.Count; i++)
                    Execute(connection, $"CREATE INDEX {table.Name}_ix{i} ON {table.Name} ({table.Indexes[i]})", indexes);
            }

            indexes.Commit();
        }

        return clock.Elapsed;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
