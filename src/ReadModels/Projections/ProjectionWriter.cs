using Dapper;
using Microsoft.Data.Sqlite;

namespace ReadModels.Projections;

/// <summary>
/// What a projection writes through: the runner's open transaction and the physical names of its tables in the
/// generation being built (the live one, or a shadow during a rebuild). Rows and checkpoint commit together.
/// </summary>
public sealed class ProjectionWriter
{
    private readonly IReadOnlyDictionary<string, string> _tables;

    internal ProjectionWriter(SqliteConnection connection, SqliteTransaction transaction, IProjection projection, long generation)
    {
        Connection = connection;
        Transaction = transaction;
        _tables = projection.Tables.ToDictionary(t => t.Name, t => t.PhysicalName(generation), StringComparer.Ordinal);
    }

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction { get; }

    /// <summary>The physical name to write to for one of the projection's tables.</summary>
    public string Table(string name) => _tables.TryGetValue(name, out var physical)
        ? physical
        : throw new ArgumentException($"the projection declares no table '{name}'", nameof(name));

    /// <summary>Runs a Dapper statement in the runner's transaction.</summary>
    public Task<int> ExecuteAsync(string sql, object? parameters = null) => Connection.ExecuteAsync(sql, parameters, Transaction);
}
