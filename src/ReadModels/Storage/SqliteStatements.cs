using System.Collections;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ReadModels.Storage;

/// <summary>
/// The runner's statements on one SQLite connection, prepared once per SQL text and kept while the connection lives,
/// with each parameter bound by position from the argument object through an accessor compiled once per type.
/// Projections run the same few statements for every event: preparing them again and binding by name through
/// ADO.NET's parameter collection cost more than running them (docs/benchmarks.md, "Projections").
/// </summary>
internal sealed class SqliteStatements : IDisposable
{
    // Projections build their SQL from a handful of templates; a runaway (SQL built from data) must not hold statements forever.
    private const int Capacity = 1024;

    private readonly sqlite3 _database;
    private readonly Dictionary<string, Prepared> _prepared = new(SqlTextComparer.Instance);

    public SqliteStatements(SqliteConnection connection)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
    }

    /// <summary>Tables filled before their indexes: a new statement that would scan one creates them first.</summary>
    public DeferredIndexes? Deferred { get; set; }

    /// <summary>
    /// Runs every statement of <paramref name="sql"/> with values from <paramref name="parameters"/>'s properties; a sequence
    /// of objects runs the statements once per element. Returns the rows changed.
    /// </summary>
    public int Execute(string sql, object? parameters)
    {
        var prepared = Prepare(sql);
        if (parameters is IEnumerable rows and not string and not byte[])
        {
            var changed = 0;
            foreach (var row in rows)
                changed += prepared.Run(row, null);
            return changed;
        }

        return prepared.Run(parameters, null);
    }

    /// <summary>The first column of the first row returned, or null when there is none.</summary>
    public object? QueryScalar(string sql, object? parameters)
    {
        object? first = null;
        Prepare(sql).Run(parameters, statement => first ??= ReadColumn(statement, 0));
        return first;
    }

    /// <summary>Every row the statements return, each read by <paramref name="read"/>.</summary>
    public List<T> Query<T>(string sql, object? parameters, Func<IReadModelRow, T> read)
    {
        var rows = new List<T>();
        Prepare(sql).Run(parameters, statement => rows.Add(read(new Row(statement))));
        return rows;
    }

    private Prepared Prepare(string sql)
    {
        if (_prepared.TryGetValue(sql, out var prepared))
            return prepared;
        if (_prepared.Count >= Capacity)
            Clear();
        prepared = new Prepared(this, sql);
        _prepared[sql] = prepared;
        return prepared;
    }

    /// <summary>
    /// A statement about to run for the first time: where it would scan a deferred table, the table's deferred indexes
    /// are tried one by one and the first that turns the scan into a search is kept (the table is still small then).
    /// </summary>
    private void BeforeFirstRun(sqlite3_stmt statement)
    {
        if (Deferred is not { IsEmpty: false } deferred)
            return;
        foreach (var table in ScannedTables(statement))
        {
            foreach (var index in deferred.Of(table))
            {
                // Not through the cache: this runs while another statement is being prepared.
                ExecuteUncached(index.Create);
                if (!ScannedTables(statement).Contains(table, StringComparer.OrdinalIgnoreCase))
                {
                    deferred.Created(table, index);
                    break;
                }

                ExecuteUncached($"DROP INDEX {index.Name}");
            }
        }
    }

    private void ExecuteUncached(string sql)
    {
        Check(_database, raw.sqlite3_prepare_v2(_database, sql, out var statement, out _));
        using (statement)
        {
            var result = raw.sqlite3_step(statement);
            if (result != raw.SQLITE_DONE)
                Check(_database, result);
        }
    }

    /// <summary>The tables a statement's plan reads from start to end (<c>SCAN t</c>) rather than searches by a key.</summary>
    private List<string> ScannedTables(sqlite3_stmt statement)
    {
        var scanned = new List<string>();
        Check(_database, raw.sqlite3_prepare_v2(_database, $"EXPLAIN QUERY PLAN {raw.sqlite3_sql(statement).utf8_to_string()}", out var plan, out _));
        using (plan)
        {
            while (raw.sqlite3_step(plan) == raw.SQLITE_ROW)
            {
                // "SCAN t", "SCAN t USING INDEX i" (older SQLite: "SCAN TABLE t …"); searches read "SEARCH t USING …".
                var detail = raw.sqlite3_column_text(plan, 3).utf8_to_string().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (detail is ["SCAN", "TABLE", var old, ..])
                    scanned.Add(old);
                else if (detail is ["SCAN", var table, ..])
                    scanned.Add(table);
            }
        }

        return scanned;
    }

    private void Clear()
    {
        foreach (var prepared in _prepared.Values)
            prepared.Dispose();
        _prepared.Clear();
    }

    public void Dispose() => Clear();

    private static object? ReadColumn(sqlite3_stmt statement, int column) => raw.sqlite3_column_type(statement, column) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, column),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, column),
        raw.SQLITE_TEXT => raw.sqlite3_column_text(statement, column).utf8_to_string(),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(statement, column).ToArray(),
        _ => null,
    };

    private sealed class Row(sqlite3_stmt statement) : IReadModelRow
    {
        public long GetInt64(int column) => raw.sqlite3_column_int64(statement, column);

        public string GetString(int column) => raw.sqlite3_column_text(statement, column).utf8_to_string();

        public bool IsNull(int column) => raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL;
    }

    /// <summary>
    /// Ordinal equality of SQL texts with a hash of their length, start and end only: projections build their SQL
    /// (hundreds of characters) anew for every event, and hashing all of it cost more than running the statement's
    /// bindings. Texts that differ only in the middle share a hash and are told apart by the full comparison.
    /// </summary>
    private sealed class SqlTextComparer : IEqualityComparer<string>
    {
        public static readonly SqlTextComparer Instance = new();

        private const int Sampled = 96;

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

        public int GetHashCode(string text)
        {
            var span = text.AsSpan();
            return span.Length <= 2 * Sampled
                ? string.GetHashCode(span, StringComparison.Ordinal)
                : HashCode.Combine(span.Length, string.GetHashCode(span[..Sampled], StringComparison.Ordinal), string.GetHashCode(span[^Sampled..], StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The statements of one SQL text, each prepared when first reached (a statement may use a table an earlier one
    /// creates), and per argument type how to bind each of them.
    /// </summary>
    private sealed class Prepared(SqliteStatements owner, string sql) : IDisposable
    {
        private readonly List<Statement> _statements = [];
        private string? _rest = sql;

        /// <summary>Binds and steps every statement in order, handing each row to <paramref name="row"/>. Returns the rows changed.</summary>
        public int Run(object? parameters, Action<sqlite3_stmt>? row)
        {
            var changed = 0;
            for (var i = 0; i < _statements.Count || PrepareNext(); i++)
            {
                var statement = _statements[i];
                try
                {
                    statement.Bind(parameters);
                    int result;
                    while ((result = raw.sqlite3_step(statement.Handle)) == raw.SQLITE_ROW)
                        row?.Invoke(statement.Handle);
                    if (result != raw.SQLITE_DONE)
                        Check(owner._database, result);
                    changed += raw.sqlite3_changes(owner._database);
                }
                finally
                {
                    raw.sqlite3_reset(statement.Handle);
                }
            }

            return changed;
        }

        private bool PrepareNext()
        {
            while (!string.IsNullOrWhiteSpace(_rest))
            {
                Check(owner._database, raw.sqlite3_prepare_v2(owner._database, _rest, out var handle, out var tail));
                _rest = tail;
                // Whitespace or a comment after the last semicolon prepares to nothing.
                if (handle is null || handle.IsInvalid)
                    continue;
                var statement = new Statement(handle);
                _statements.Add(statement);
                owner.BeforeFirstRun(handle);
                return true;
            }

            return false;
        }

        public void Dispose()
        {
            foreach (var statement in _statements)
                statement.Handle.Dispose();
        }
    }

    /// <summary>One prepared statement, its parameter names and their binders per argument type.</summary>
    private sealed class Statement(sqlite3_stmt handle)
    {
        private readonly string[] _names = ParameterNames(handle);
        private readonly Dictionary<Type, Action<object, sqlite3_stmt>> _binders = [];

        public sqlite3_stmt Handle { get; } = handle;

        public void Bind(object? parameters)
        {
            if (parameters is null)
            {
                if (_names.Length > 0)
                    throw new InvalidOperationException($"the statement needs values for {string.Join(", ", _names)} and was given none");
                return;
            }

            var type = parameters.GetType();
            if (!_binders.TryGetValue(type, out var binder))
                _binders[type] = binder = ParameterBinder.Compile(type, _names);
            binder(parameters, Handle);
        }

        private static string[] ParameterNames(sqlite3_stmt statement)
        {
            var names = new string[raw.sqlite3_bind_parameter_count(statement)];
            for (var i = 0; i < names.Length; i++)
                names[i] = raw.sqlite3_bind_parameter_name(statement, i + 1).utf8_to_string()
                    ?? throw new NotSupportedException("positional parameters (?) are not supported: name every parameter (@name)");
            return names;
        }
    }

    private static void Check(sqlite3 database, int result)
    {
        if (result != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(result, database);
    }

    /// <summary>
    /// Compiles, for one argument type and one statement, the code binding each named parameter (<c>@agencyCode</c>) from
    /// the property of the same name, with the conversions Microsoft.Data.Sqlite would make.
    /// </summary>
    private static class ParameterBinder
    {
        public static Action<object, sqlite3_stmt> Compile(Type type, string[] names)
        {
            var argument = Expression.Parameter(typeof(object), "argument");
            var statement = Expression.Parameter(typeof(sqlite3_stmt), "statement");
            var typed = Expression.Variable(type, "typed");
            var body = new List<Expression> { Expression.Assign(typed, Expression.Convert(argument, type)) };
            for (var i = 0; i < names.Length; i++)
            {
                var member = Member(type, names[i][1..])
                    ?? throw new InvalidOperationException($"the statement's parameter {names[i]} has no property of that name on {type.Name}");
                var value = Expression.MakeMemberAccess(typed, member);
                body.Add(Expression.Call(BindMethod(value.Type), statement, Expression.Constant(i + 1), Coerce(value)));
            }

            return Expression.Lambda<Action<object, sqlite3_stmt>>(Expression.Block([typed], body), argument, statement).Compile();
        }

        private static MemberInfo? Member(Type type, string name)
        {
            const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance;
            return (MemberInfo?)type.GetProperty(name, Public) ?? type.GetField(name, Public)
                ?? (MemberInfo?)type.GetProperty(name, Public | BindingFlags.IgnoreCase) ?? type.GetField(name, Public | BindingFlags.IgnoreCase);
        }

        private static MethodInfo BindMethod(Type type)
        {
            var direct = typeof(Bind).GetMethod(nameof(Bind.Value), [typeof(sqlite3_stmt), typeof(int), type]);
            return direct ?? typeof(Bind).GetMethod(nameof(Bind.Value), [typeof(sqlite3_stmt), typeof(int), typeof(object)])!;
        }

        private static Expression Coerce(Expression value) =>
            typeof(Bind).GetMethod(nameof(Bind.Value), [typeof(sqlite3_stmt), typeof(int), value.Type]) is null ? Expression.Convert(value, typeof(object)) : value;
    }

    /// <summary>Binds one value by position; the common types without boxing, the rest as Microsoft.Data.Sqlite stores them.</summary>
    private static class Bind
    {
        public static void Value(sqlite3_stmt statement, int index, string? value) =>
            Result(statement, value is null ? raw.sqlite3_bind_null(statement, index) : raw.sqlite3_bind_text16(statement, index, value.AsSpan()));

        public static void Value(sqlite3_stmt statement, int index, long value) => Result(statement, raw.sqlite3_bind_int64(statement, index, value));

        public static void Value(sqlite3_stmt statement, int index, int value) => Result(statement, raw.sqlite3_bind_int64(statement, index, value));

        public static void Value(sqlite3_stmt statement, int index, bool value) => Result(statement, raw.sqlite3_bind_int64(statement, index, value ? 1 : 0));

        public static void Value(sqlite3_stmt statement, int index, double value) => Result(statement, raw.sqlite3_bind_double(statement, index, value));

        public static void Value(sqlite3_stmt statement, int index, long? value) =>
            Result(statement, value is { } v ? raw.sqlite3_bind_int64(statement, index, v) : raw.sqlite3_bind_null(statement, index));

        public static void Value(sqlite3_stmt statement, int index, int? value) =>
            Result(statement, value is { } v ? raw.sqlite3_bind_int64(statement, index, v) : raw.sqlite3_bind_null(statement, index));

        public static void Value(sqlite3_stmt statement, int index, byte[]? value) =>
            Result(statement, value is null ? raw.sqlite3_bind_null(statement, index) : raw.sqlite3_bind_blob(statement, index, value));

        public static void Value(sqlite3_stmt statement, int index, object? value)
        {
            switch (value)
            {
                case null or DBNull:
                    Result(statement, raw.sqlite3_bind_null(statement, index));
                    break;
                case string s:
                    Value(statement, index, s);
                    break;
                case byte[] bytes:
                    Value(statement, index, bytes);
                    break;
                case ReadOnlyMemory<byte> memory:
                    Result(statement, raw.sqlite3_bind_blob(statement, index, memory.Span));
                    break;
                case bool b:
                    Value(statement, index, b);
                    break;
                case double or float:
                    Value(statement, index, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    break;
                case Enum e:
                    Value(statement, index, Convert.ToInt64(e, CultureInfo.InvariantCulture));
                    break;
                case sbyte or byte or short or ushort or int or uint or long:
                    Value(statement, index, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case ulong u:
                    Value(statement, index, unchecked((long)u));
                    break;
                case Guid g:
                    Value(statement, index, g.ToByteArray());
                    break;
                case char c:
                    Value(statement, index, c.ToString());
                    break;
                case decimal d:
                    Value(statement, index, d.ToString("0.0###########################", CultureInfo.InvariantCulture));
                    break;
                case DateTime t:
                    Value(statement, index, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture));
                    break;
                case DateTimeOffset t:
                    Value(statement, index, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
                    break;
                case DateOnly d:
                    Value(statement, index, d.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture));
                    break;
                case TimeOnly t:
                    Value(statement, index, t.ToString(@"HH\:mm\:ss.fffffff", CultureInfo.InvariantCulture));
                    break;
                case TimeSpan t:
                    Value(statement, index, t.ToString("c", CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new NotSupportedException($"a projection parameter of type {value.GetType()} cannot be stored; pass a string, number, bool or byte[]");
            }
        }

        private static void Result(sqlite3_stmt statement, int result)
        {
            if (result != raw.SQLITE_OK)
                SqliteException.ThrowExceptionForRC(result, raw.sqlite3_db_handle(statement));
        }
    }
}
