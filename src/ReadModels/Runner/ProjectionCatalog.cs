using System.Data.Common;
using Dapper;
using ReadModels.Projections;
using ReadModels.Querying;
using ReadModels.Storage;

namespace ReadModels.Runner;

/// <summary>
/// The bookkeeping table <c>rm_targets</c>: one row per generation of a projection being fed, its role (live, or a
/// rebuild in shadow tables) and its checkpoint. Queries read a projection's live generation through views that
/// carry the tables' plain names; a swap re-points those views and drops the old generation in one transaction.
/// Every write runs in the runner's transaction on a <see cref="ReadModelConnection"/>.
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

    private const string Columns = "name, generation, version, role, checkpoint, tables";

    public static async Task CreateAsync(ReadModelConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync("""
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
            CREATE TABLE IF NOT EXISTS rm_checkpoint_events (
                name       TEXT    NOT NULL,
                generation INTEGER NOT NULL,
                event_id   TEXT    NOT NULL,
                PRIMARY KEY (name, generation)
            );
            """, null, cancellationToken).ConfigureAwait(false);

    public static async Task<List<Target>> LoadAsync(ReadModelConnection connection, string name, CancellationToken cancellationToken) =>
        await connection.QueryAsync($"SELECT {Columns} FROM rm_targets WHERE name = @name", new { name }, Read, cancellationToken).ConfigureAwait(false);

    /// <summary>One generation's row, locked until the transaction ends where the database locks rows (a batch reads it so).</summary>
    public static async Task<Target?> FindAsync(ReadModelConnection connection, string name, long generation, CancellationToken cancellationToken) =>
        (await connection.QueryAsync($"SELECT {Columns} FROM rm_targets WHERE name = @name AND generation = @generation{connection.LockRows}", new { name, generation }, Read, cancellationToken)
            .ConfigureAwait(false)).FirstOrDefault();

    /// <summary>
    /// Moves a generation's checkpoint and remembers which event sits there, so that a store restored to an earlier
    /// point, with other events written at those positions since, is told apart from the history this generation saw.
    /// </summary>
    public static async Task SaveCheckpointAsync(ReadModelConnection connection, string name, long generation, long checkpoint, Guid eventId, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync("UPDATE rm_targets SET checkpoint = @checkpoint WHERE name = @name AND generation = @generation",
            new { checkpoint, name, generation }, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO rm_checkpoint_events (name, generation, event_id) VALUES (@name, @generation, @eventId) ON CONFLICT (name, generation) DO UPDATE SET event_id = excluded.event_id",
            new { name, generation, eventId = eventId.ToString("D") }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The id of the event at a generation's checkpoint, as it saw it (null before its first checkpoint, or for one saved by an older version).</summary>
    public static async Task<Guid?> CheckpointEventAsync(ReadModelConnection connection, string name, long generation, CancellationToken cancellationToken) =>
        await connection.QueryScalarAsync("SELECT event_id FROM rm_checkpoint_events WHERE name = @name AND generation = @generation", new { name, generation }, cancellationToken)
            .ConfigureAwait(false) is string id ? Guid.Parse(id) : null;

    /// <summary>
    /// The version a live generation gets once its tables no longer match the store's history (<see cref="InvalidateAsync"/>):
    /// no projection has it, so the generation is read but no longer fed until a rebuild replaces it — as after a version change.
    /// </summary>
    public const long Invalidated = 0;

    public static async Task InvalidateAsync(ReadModelConnection connection, Target live, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync("UPDATE rm_targets SET version = @version WHERE name = @name AND generation = @generation",
            new { version = Invalidated, name = live.Name, generation = live.Generation }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Creates a generation's tables and its catalog row (a first live generation also gets its views). A generation
    /// built from far behind the head is <paramref name="bulk"/>: its indexes come after its rows
    /// (<see cref="CreateIndexesAsync"/>), sorted once instead of kept in order row by row.
    /// </summary>
    public static async Task<Target> AddGenerationAsync(ReadModelConnection connection, IProjection projection, string role, bool bulk, CancellationToken cancellationToken)
    {
        var generation = (long)(await connection.QueryScalarAsync("SELECT coalesce(max(generation), 0) + 1 FROM rm_targets WHERE name = @name", new { name = projection.Name }, cancellationToken)
            .ConfigureAwait(false))!;
        foreach (var table in projection.Tables)
        {
            var physical = table.PhysicalName(generation);
            await connection.ExecuteAsync($"DROP TABLE IF EXISTS {physical}", null, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync($"CREATE TABLE {physical} ({table.Columns}){(table.ClusteredByPrimaryKey ? " WITHOUT ROWID" : "")}", null, cancellationToken).ConfigureAwait(false);
        }

        if (!bulk || !connection.DefersIndexes)
            await CreateIndexesAsync(connection, projection, generation, cancellationToken).ConfigureAwait(false);
        var tables = string.Join(',', projection.Tables.Select(t => t.Name));
        await connection.ExecuteAsync("INSERT INTO rm_targets (name, generation, version, role, tables) VALUES (@name, @generation, @version, @role, @tables)",
            new { name = projection.Name, generation, version = projection.Version, role, tables }, cancellationToken).ConfigureAwait(false);
        if (role == Live)
            await PointViewsAsync(connection, projection, generation, cancellationToken).ConfigureAwait(false);
        return new Target(projection.Name, generation, projection.Version, role, 0, tables);
    }

    /// <summary>Creates the indexes a generation's tables declare (those that exist already are left alone).</summary>
    public static async Task CreateIndexesAsync(ReadModelConnection connection, IProjection projection, long generation, CancellationToken cancellationToken)
    {
        foreach (var table in projection.Tables)
        {
            for (var i = 0; i < table.Indexes.Count; i++)
                await connection.ExecuteAsync(IndexStatement(table, generation, i), null, cancellationToken).ConfigureAwait(false);
            connection.Deferred?.Forget(table.PhysicalName(generation));
        }
    }

    /// <summary>Hands <paramref name="deferred"/> the indexes a generation's tables still lack (a rebuild resumed after a restart has none yet).</summary>
    public static async Task DeferMissingIndexesAsync(ReadModelConnection connection, IProjection projection, long generation, DeferredIndexes deferred, CancellationToken cancellationToken)
    {
        foreach (var table in projection.Tables)
        {
            for (var i = 0; i < table.Indexes.Count; i++)
            {
                if (!await connection.SchemaObjectExistsAsync(IndexName(table, generation, i), cancellationToken).ConfigureAwait(false))
                    deferred.Add(table.PhysicalName(generation), IndexName(table, generation, i), IndexStatement(table, generation, i));
            }
        }
    }

    private static string IndexName(ProjectionTable table, long generation, int index) => $"{table.PhysicalName(generation)}_ix{index}";

    private static string IndexStatement(ProjectionTable table, long generation, int index) =>
        $"CREATE INDEX IF NOT EXISTS {IndexName(table, generation, index)} ON {table.PhysicalName(generation)} ({table.Indexes[index]})";

    /// <summary>Drops a generation's tables (and, for a retired live generation, views no longer wanted) and its row.</summary>
    public static async Task DropAsync(ReadModelConnection connection, Target target, CancellationToken cancellationToken)
    {
        foreach (var table in target.TableNames)
        {
            if (target.Role == Live)
                await connection.ExecuteAsync($"DROP VIEW IF EXISTS {table}", null, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync($"DROP TABLE IF EXISTS {table}__g{target.Generation}", null, cancellationToken).ConfigureAwait(false);
        }

        await connection.ExecuteAsync("DELETE FROM rm_targets WHERE name = @name AND generation = @generation",
            new { name = target.Name, generation = target.Generation }, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM rm_checkpoint_events WHERE name = @name AND generation = @generation",
            new { name = target.Name, generation = target.Generation }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes a caught-up rebuild the live generation: views re-pointed, old generation dropped, all in the caller's transaction.</summary>
    public static async Task SwapAsync(ReadModelConnection connection, IProjection projection, long rebuiltGeneration, CancellationToken cancellationToken)
    {
        var old = (await LoadAsync(connection, projection.Name, cancellationToken).ConfigureAwait(false)).FirstOrDefault(t => t.Role == Live);
        if (old is not null)
            await DropAsync(connection, old, cancellationToken).ConfigureAwait(false);

        await connection.ExecuteAsync("UPDATE rm_targets SET role = 'live' WHERE name = @name AND generation = @generation",
            new { name = projection.Name, generation = rebuiltGeneration }, cancellationToken).ConfigureAwait(false);
        await PointViewsAsync(connection, projection, rebuiltGeneration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the catalog exists yet, read on a query connection (status pages read it before the runner first started).</summary>
    public static Task<bool> ExistsAsync(ReadModelDatabase database, DbConnection connection, CancellationToken cancellationToken) =>
        database.ExistsAsync(connection, "rm_targets", cancellationToken);

    /// <summary>Every live generation's checkpoint, read on a query connection (a node that does not feed a projection learns so how far it is).</summary>
    public static async Task<List<(string Name, long Checkpoint)>> LiveCheckpointsAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string Name, long Checkpoint)>(new CommandDefinition(
            "SELECT name, checkpoint FROM rm_targets WHERE role = 'live'", cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();

    /// <summary>A projection's generations, read on a query connection.</summary>
    public static List<Target> Load(DbConnection connection, string name) =>
        connection.Query<Target>(
            "SELECT name AS Name, generation AS Generation, version AS Version, role AS Role, checkpoint AS Checkpoint, tables AS Tables FROM rm_targets WHERE name = @name",
            new { name }).ToList();

    private static async Task PointViewsAsync(ReadModelConnection connection, IProjection projection, long generation, CancellationToken cancellationToken)
    {
        foreach (var table in projection.Tables)
        {
            await connection.ExecuteAsync($"DROP VIEW IF EXISTS {table.Name}", null, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync($"CREATE VIEW {table.Name} AS SELECT * FROM {table.PhysicalName(generation)}", null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Target Read(IReadModelRow row) =>
        new(row.GetString(0), row.GetInt64(1), row.GetInt64(2), row.GetString(3), row.GetInt64(4), row.GetString(5));
}
