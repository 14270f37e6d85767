using ReadModels.Storage;

namespace ReadModels.Projections;

/// <summary>
/// What a projection writes through: the runner's open transaction and the physical names of its tables in the
/// generation being built (the live one, or a shadow during a rebuild). Rows and checkpoint commit together.
/// Statements are prepared once and kept, so a projection pays only for running them (docs/read-models.md).
/// </summary>
public sealed class ProjectionWriter
{
    private readonly ReadModelConnection _connection;
    private readonly IReadOnlyDictionary<string, string> _tables;

    internal ProjectionWriter(ReadModelConnection connection, IProjection projection, long generation)
    {
        _connection = connection;
        _tables = projection.Tables.ToDictionary(t => t.Name, t => t.PhysicalName(generation), StringComparer.Ordinal);
    }

    /// <summary>The physical name to write to for one of the projection's tables.</summary>
    public string Table(string name) => _tables.TryGetValue(name, out var physical)
        ? physical
        : throw new ArgumentException($"the projection declares no table '{name}'", nameof(name));

    /// <summary>
    /// Runs every statement of <paramref name="sql"/> in the runner's transaction, each <c>@name</c> taken from the property
    /// of that name on <paramref name="parameters"/>; a sequence of objects runs the statements once per element.
    /// Returns the rows changed.
    /// </summary>
    public Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return _connection.ExecuteAsync(sql, parameters, CancellationToken.None).AsTask();
    }

    /// <summary>The first column of the first row <paramref name="sql"/> returns (rows written earlier in the batch included), or default when none.</summary>
    public async Task<T?> QueryScalarAsync<T>(string sql, object? parameters = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var value = await _connection.QueryScalarAsync(sql, parameters, CancellationToken.None).ConfigureAwait(false);
        return value is null ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
