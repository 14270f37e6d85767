using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace ReadModels.Storage;

/// <summary>
/// A runner's write connection to the read models on PostgreSQL (server mode): the tables live in the schema
/// <see cref="Schema"/> of the store's database, found through the connection's search path. Statements are written
/// once for both databases; what differs is handled here: column types (SQLite's <c>INTEGER</c> is 64-bit,
/// PostgreSQL's is not), the values bound (as SQLite stores them, so rows read back the same on both), and catalog
/// rows locked while a batch uses them (<see cref="LockRows"/>), so two nodes never apply the same events.
/// </summary>
internal sealed partial class PostgresReadModelConnection : ReadModelConnection
{
    public const string Schema = "evs_rm";

    /// <summary>Wakes the other nodes' waiters after a commit that may have moved a live checkpoint.</summary>
    public const string CheckpointChannel = "evs_rm_checkpoint";

    // Catalog changes (new generations, swaps, the schema itself) are made by one node at a time.
    internal const long CatalogLock = 0x6576_735F_726D_0001;

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    private readonly NpgsqlConnection _connection;

    private PostgresReadModelConnection(NpgsqlConnection connection) => _connection = connection;

    public static async Task<PostgresReadModelConnection> OpenAsync(NpgsqlDataSource source, CancellationToken cancellationToken) =>
        new(await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false));

    public override string LockRows => " FOR UPDATE";

    public override bool DefersIndexes => false;

    public override ValueTask BeginAsync(CancellationToken cancellationToken) => Run("BEGIN", cancellationToken);

    public override ValueTask CommitAsync(CancellationToken cancellationToken) =>
        Run($"SELECT pg_notify('{CheckpointChannel}', ''); COMMIT", cancellationToken);

    public override async ValueTask RollbackAsync(CancellationToken cancellationToken)
    {
        if (_connection.State == System.Data.ConnectionState.Open)
            await Run("ROLLBACK", cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask SerializeCatalogChangesAsync(CancellationToken cancellationToken) =>
        // Created only when missing: CREATE SCHEMA IF NOT EXISTS asks for the right to create in the database even when the
        // schema is there, and a least-privileged application role has it only inside evs_rm (made by the migration role).
        await Run($"SELECT pg_advisory_xact_lock({CatalogLock}); DO $$ BEGIN IF to_regnamespace('{Schema}') IS NULL THEN CREATE SCHEMA {Schema}; END IF; END $$",
            cancellationToken).ConfigureAwait(false);

    public override async ValueTask<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        sql = Translate(sql);
        if (parameters is IEnumerable rows and not string and not byte[])
        {
            var changed = 0;
            foreach (var row in rows)
                changed += await _connection.ExecuteAsync(new CommandDefinition(sql, Bind(row), cancellationToken: cancellationToken)).ConfigureAwait(false);
            return changed;
        }

        return await _connection.ExecuteAsync(new CommandDefinition(sql, Bind(parameters), cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public override async ValueTask<object?> QueryScalarAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        await _connection.ExecuteScalarAsync(new CommandDefinition(sql, Bind(parameters), cancellationToken: cancellationToken)).ConfigureAwait(false) is { } value and not DBNull
            ? value
            : null;

    public override async ValueTask<List<T>> QueryAsync<T>(string sql, object? parameters, Func<IReadModelRow, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await _connection.ExecuteReaderAsync(new CommandDefinition(sql, Bind(parameters), cancellationToken: cancellationToken)).ConfigureAwait(false);
        var row = new Row(reader);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(read(row));
        return rows;
    }

    public override async ValueTask<bool> SchemaObjectExistsAsync(string name, CancellationToken cancellationToken) =>
        await QueryScalarAsync("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relname = @name",
            new { schema = Schema, name }, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Indexes are created with the tables here, so nothing is ever deferred; kept only to satisfy the runner.</summary>
    public override DeferredIndexes? Deferred { get; set; }

    public override async ValueTask DisposeAsync() => await _connection.DisposeAsync().ConfigureAwait(false);

    private async ValueTask Run(string sql, CancellationToken cancellationToken) =>
        // Text, said outright: Dapper takes one word with no space (BEGIN) for a stored procedure's name.
        await _connection.ExecuteAsync(new CommandDefinition(sql, commandType: System.Data.CommandType.Text, cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <summary>A table's columns in PostgreSQL's types: whole numbers are 64-bit, as in SQLite; rows are not clustered.</summary>
    private static string Translate(string sql) =>
        sql.StartsWith("CREATE TABLE", StringComparison.Ordinal)
            ? IntegerColumn().Replace(BlobColumn().Replace(sql.Replace(" WITHOUT ROWID", "", StringComparison.Ordinal), "BYTEA"), "BIGINT")
            : sql;

    /// <summary>The argument object's properties as SQLite's binding stores them (bool and enum as numbers, Guid as bytes, times as text).</summary>
    private static DynamicParameters? Bind(object? parameters)
    {
        if (parameters is null)
            return null;
        var bound = new DynamicParameters();
        foreach (var property in Properties.GetOrAdd(parameters.GetType(), type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)))
            bound.Add(property.Name, Value(property.GetValue(parameters)));
        return bound;
    }

    private static object? Value(object? value) => value switch
    {
        null => null,
        bool b => b ? 1L : 0L,
        Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture),
        sbyte or byte or short or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u => unchecked((long)u),
        Guid g => g.ToByteArray(),
        char c => c.ToString(),
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        DateTime t => t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    [GeneratedRegex(@"\bINTEGER\b")]
    private static partial Regex IntegerColumn();

    [GeneratedRegex(@"\bBLOB\b")]
    private static partial Regex BlobColumn();

    private sealed class Row(System.Data.Common.DbDataReader reader) : IReadModelRow
    {
        public long GetInt64(int column) => Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture);

        public string GetString(int column) => reader.GetString(column);

        public bool IsNull(int column) => reader.IsDBNull(column);
    }
}
