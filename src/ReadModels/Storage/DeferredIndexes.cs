namespace ReadModels.Storage;

/// <summary>
/// Tables being filled before their indexes exist (a rebuild's shadow tables), with the statements that create those
/// indexes. Keeping half a dozen indexes in order row by row, at random keys, costs several times more than sorting
/// each once at the end; but a handler whose statement looks rows up by an indexed column would scan the table for
/// every event instead. So the connection asks the database for each new statement's plan, and where it would scan a
/// deferred table, that table gets the one index that turns the scan into a search there and then
/// (<see cref="SqliteStatements"/>); the rest are created when the rebuild swaps in.
/// </summary>
internal sealed class DeferredIndexes
{
    private readonly Dictionary<string, List<DeferredIndex>> _byTable = new(StringComparer.OrdinalIgnoreCase);

    public bool IsEmpty => _byTable.Count == 0;

    public void Add(string table, string name, string create)
    {
        if (!_byTable.TryGetValue(table, out var indexes))
            _byTable[table] = indexes = [];
        indexes.Add(new DeferredIndex(name, create));
    }

    /// <summary>The indexes of <paramref name="table"/> still deferred (none when it is not a deferred table).</summary>
    public IReadOnlyList<DeferredIndex> Of(string table) => _byTable.TryGetValue(table, out var indexes) ? [.. indexes] : [];

    /// <summary>All of the table's indexes exist now (a rebuild swapping in).</summary>
    public void Forget(string table) => _byTable.Remove(table);

    /// <summary>The index exists now: it is no longer deferred.</summary>
    public void Created(string table, DeferredIndex index)
    {
        if (_byTable.TryGetValue(table, out var indexes) && indexes.Remove(index) && indexes.Count == 0)
            _byTable.Remove(table);
    }
}

/// <summary>An index not created yet: its name and the statement that creates it.</summary>
internal sealed record DeferredIndex(string Name, string Create);
