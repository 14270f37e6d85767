using Dapper;
using Microsoft.Data.Sqlite;
using ReadModels.Projections;

namespace ReadModels.Runner;

/// <summary>
/// The bookkeeping table <c>rm_targets</c>: one row per generation of a projection being fed, its role (live, or a
/// rebuild in shadow tables) and its checkpoint. Queries read a projection's live generation through views that
/// carry the tables' plain names; a swap re-points those views and drops the old generation in one transaction.
/// </summary>
internal static class ProjectionCatalog
{
    public const string Live = "live";
    public const string Rebuild = "rebuild";

    /// <summary>A generation of a projection and where it stands.</summary>
    public sealed record Target(string Name, long Generation, long Version, string Role, long Checkpoint, string Tables)
    {
        /// <summary>The plain names of the tables this generation was created with (a later version may have others).</summary>
        public IEnumerable<string> TableNames => Tables.Split(',', StringSplitOptions.RemoveEmptyEntries);
    }

    private const string Columns = "name AS Name, generation AS Generation, version AS Version, role AS Role, checkpoint AS Checkpoint, tables AS Tables";

    public static void Create(SqliteConnection connection) => connection.Execute("""
        CREATE TABLE IF NOT EXISTS rm_targets (
            name       TEXT    NOT NULL,
            generation INTEGER NOT NULL,
            version    INTEGER NOT NULL,
            role       TEXT    NOT NULL CHECK (role IN ('live', 'rebuild')),
            checkpoint INTEGER NOT NULL DEFAULT 0,
            tables     TEXT    NOT NULL,
            PRIMARY KEY (name, generation)
        );
        CREATE UNIQUE INDEX IF NOT EXISTS rm_targets_one_per_role ON rm_targets (name, role);
        """);

    public static bool Exists(SqliteConnection connection) =>
        connection.ExecuteScalar<long>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'rm_targets'") > 0;

    public static List<Target> Load(SqliteConnection connection, SqliteTransaction? transaction, string name) =>
        connection.Query<Target>(
            $"SELECT {Columns} FROM rm_targets WHERE name = @name",
            new { name }, transaction).ToList();

    public static Target? Find(SqliteConnection connection, SqliteTransaction transaction, string name, long generation) =>
        connection.QuerySingleOrDefault<Target>(
            $"SELECT {Columns} FROM rm_targets WHERE name = @name AND generation = @generation",
            new { name, generation }, transaction);

    /// <summary>Creates a generation's tables and its catalog row (a first live generation also gets its views).</summary>
    public static Target AddGeneration(SqliteConnection connection, SqliteTransaction transaction, IProjection projection, string role)
    {
        var generation = connection.ExecuteScalar<long>("SELECT coalesce(max(generation), 0) + 1 FROM rm_targets WHERE name = @name", new { name = projection.Name }, transaction);
        foreach (var table in projection.Tables)
        {
            var physical = table.PhysicalName(generation);
            connection.Execute($"DROP TABLE IF EXISTS {physical}", transaction: transaction);
            connection.Execute($"CREATE TABLE {physical} ({table.Columns})", transaction: transaction);
            for (var i = 0; i < table.Indexes.Count; i++)
                connection.Execute($"CREATE INDEX {physical}_ix{i} ON {physical} ({table.Indexes[i]})", transaction: transaction);
        }

        var tables = string.Join(',', projection.Tables.Select(t => t.Name));
        connection.Execute("INSERT INTO rm_targets (name, generation, version, role, tables) VALUES (@name, @generation, @version, @role, @tables)",
            new { name = projection.Name, generation, version = projection.Version, role, tables }, transaction);
        if (role == Live)
            PointViews(connection, transaction, projection, generation);
        return new Target(projection.Name, generation, projection.Version, role, 0, tables);
    }

    /// <summary>Drops a generation's tables (and, for a retired live generation, views no longer wanted) and its row.</summary>
    public static void Drop(SqliteConnection connection, SqliteTransaction transaction, Target target)
    {
        foreach (var table in target.TableNames)
        {
            if (target.Role == Live)
                connection.Execute($"DROP VIEW IF EXISTS {table}", transaction: transaction);
            connection.Execute($"DROP TABLE IF EXISTS {table}__g{target.Generation}", transaction: transaction);
        }

        connection.Execute("DELETE FROM rm_targets WHERE name = @name AND generation = @generation", new { name = target.Name, generation = target.Generation }, transaction);
    }

    /// <summary>Makes a caught-up rebuild the live generation: views re-pointed, old generation dropped, all in the caller's transaction.</summary>
    public static void Swap(SqliteConnection connection, SqliteTransaction transaction, IProjection projection, long rebuiltGeneration)
    {
        var old = Load(connection, transaction, projection.Name).FirstOrDefault(t => t.Role == Live);
        if (old is not null)
            Drop(connection, transaction, old);

        connection.Execute("UPDATE rm_targets SET role = 'live' WHERE name = @name AND generation = @generation",
            new { name = projection.Name, generation = rebuiltGeneration }, transaction);
        PointViews(connection, transaction, projection, rebuiltGeneration);
    }

    private static void PointViews(SqliteConnection connection, SqliteTransaction transaction, IProjection projection, long generation)
    {
        foreach (var table in projection.Tables)
        {
            connection.Execute($"DROP VIEW IF EXISTS {table.Name}", transaction: transaction);
            connection.Execute($"CREATE VIEW {table.Name} AS SELECT * FROM {table.PhysicalName(generation)}", transaction: transaction);
        }
    }
}
