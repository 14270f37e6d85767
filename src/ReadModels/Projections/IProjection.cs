using System.Text.RegularExpressions;
using EventStore;

namespace ReadModels.Projections;

/// <summary>
/// A query model built from <c>$all</c>: a name, a version (raise it whenever the tables or the logic change, and the
/// runner rebuilds it beside the live one), its tables, and how one event changes their rows.
/// docs/read-models.md explains how to write one.
/// </summary>
public interface IProjection
{
    /// <summary>A stable name, e.g. <c>agency-receipts</c>.</summary>
    string Name { get; }

    int Version { get; }

    IReadOnlyList<ProjectionTable> Tables { get; }

    /// <summary>Applies one event inside the runner's transaction; must be deterministic (same events, same rows).</summary>
    Task ApplyAsync(RecordedEvent recorded, ProjectionWriter writer, CancellationToken cancellationToken);
}

/// <summary>
/// One table of a projection: its query name (queries use it as-is), its column definitions, and any indexes
/// (each a column list). The runner creates it once per generation as <c>{name}__g{generation}</c>.
/// </summary>
public sealed partial record ProjectionTable
{
    public ProjectionTable(string name, string columns, params string[] indexes)
    {
        if (!SqlName().IsMatch(name))
            throw new ArgumentException($"table name '{name}' must be lower-case letters, digits and underscores", nameof(name));
        ArgumentException.ThrowIfNullOrWhiteSpace(columns);
        Name = name;
        Columns = columns;
        Indexes = indexes;
    }

    public string Name { get; }

    /// <summary>The inside of <c>CREATE TABLE (...)</c>: columns and constraints.</summary>
    public string Columns { get; }

    public IReadOnlyList<string> Indexes { get; }

    /// <summary>
    /// Rows are stored in primary-key order, in the primary key's own tree (SQLite's <c>WITHOUT ROWID</c>), instead of
    /// in a table beside a separate primary-key index: one tree to write per row instead of two, and smaller
    /// indexes. For tables with a primary key whose rows are found by it; other dialects may ignore it.
    /// </summary>
    public bool ClusteredByPrimaryKey { get; init; }

    public string PhysicalName(long generation) => $"{Name}__g{generation}";

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex SqlName();
}
