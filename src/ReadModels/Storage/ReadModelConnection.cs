namespace ReadModels.Storage;

/// <summary>
/// The projection runner's write connection to the read-model database, in that database's dialect: one write
/// transaction at a time, savepoints (one projection's failure must not undo its neighbours' rows in a shared batch), and
/// the statements projections and the catalog run. The runner, the catalog and <see cref="Projections.ProjectionWriter"/>
/// are written against this class alone, so another database (PostgreSQL read models) is another subclass: its own
/// transaction start and, where round trips cost, statements queued and sent together until a query needs an answer.
/// </summary>
internal abstract class ReadModelConnection : IAsyncDisposable
{
    /// <summary>Starts a write transaction that holds the database's write lock until commit or rollback.</summary>
    public abstract ValueTask BeginAsync(CancellationToken cancellationToken);

    public abstract ValueTask CommitAsync(CancellationToken cancellationToken);

    public abstract ValueTask RollbackAsync(CancellationToken cancellationToken);

    /// <summary>Runs every statement of <paramref name="sql"/>; a sequence of argument objects runs them once per element.</summary>
    public abstract ValueTask<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken);

    /// <summary>The first column of the first row, or null when there is none.</summary>
    public abstract ValueTask<object?> QueryScalarAsync(string sql, object? parameters, CancellationToken cancellationToken);

    /// <summary>Every row, each turned into a value by <paramref name="read"/> while it is current.</summary>
    public abstract ValueTask<List<T>> QueryAsync<T>(string sql, object? parameters, Func<IReadModelRow, T> read, CancellationToken cancellationToken);

    /// <summary>Whether a table, view or index of that name exists.</summary>
    public abstract ValueTask<bool> SchemaObjectExistsAsync(string name, CancellationToken cancellationToken);

    /// <summary>Tables being filled before their indexes (a rebuild's): a statement that would scan one creates them first.</summary>
    public abstract DeferredIndexes? Deferred { get; set; }

    /// <summary>
    /// What a catalog read inside a batch ends with so that the row stays locked until commit: another node's batch for
    /// the same projection then waits and sees the checkpoint this one moved (SQLite's write lock already does that).
    /// </summary>
    public virtual string LockRows => "";

    /// <summary>Whether a rebuild's tables may be filled before their indexes exist (SQLite: yes, see <see cref="Deferred"/>).</summary>
    public virtual bool DefersIndexes => true;

    /// <summary>Called first in a transaction that changes the catalog, so that nodes starting together take turns.</summary>
    public virtual ValueTask SerializeCatalogChangesAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask SavepointAsync(string name, CancellationToken cancellationToken) => Statement($"SAVEPOINT {name}", cancellationToken);

    public ValueTask ReleaseAsync(string name, CancellationToken cancellationToken) => Statement($"RELEASE SAVEPOINT {name}", cancellationToken);

    public ValueTask RollbackToAsync(string name, CancellationToken cancellationToken) => Statement($"ROLLBACK TO SAVEPOINT {name}", cancellationToken);

    private async ValueTask Statement(string sql, CancellationToken cancellationToken) => await ExecuteAsync(sql, null, cancellationToken).ConfigureAwait(false);

    public abstract ValueTask DisposeAsync();
}

/// <summary>One row of a query while it is current.</summary>
internal interface IReadModelRow
{
    long GetInt64(int column);

    string GetString(int column);

    bool IsNull(int column);
}
