using System.Data.Common;
using System.Globalization;
using System.Text;

namespace EventStore.SecurityLog;

/// <summary>
/// The SQL both adapters share: one table <c>evs_security_log</c>. Times are microseconds since the Unix epoch, like the
/// store's <c>created_us</c>. An aggregated row carries a <c>bucket</c> (address, kind, minute) that is unique, so its
/// counter is one upsert; itemised rows have none.
/// </summary>
public abstract class RelationalSecurityLog(int capPerAddressKindMinute) : ISecurityLog
{
    /// <summary>Itemised rows per client address, kind and minute; what comes after is counted on one row.</summary>
    public int Cap { get; } = capPerAddressKindMinute > 0 ? capPerAddressKindMinute : throw new ArgumentOutOfRangeException(nameof(capPerAddressKindMinute));

    /// <summary>An open connection with the schema in place.</summary>
    protected abstract DbConnection Open();

    /// <summary>
    /// A transaction in which no other writer can count the same address meanwhile: SQLite's single writer, or a
    /// PostgreSQL advisory lock on the address, so the cap holds across nodes.
    /// </summary>
    protected abstract DbTransaction BeginExclusive(DbConnection connection, string address);

    public bool Write(SecurityLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = Micros(entry.At);
        var minute = at - (((at % 60_000_000) + 60_000_000) % 60_000_000);
        using var connection = Open();
        using var transaction = BeginExclusive(connection, entry.Address);
        using var count = Command(connection, transaction, """
            SELECT count(*) FROM evs_security_log
            WHERE address = @address AND kind = @kind AND at_us >= @minute AND at_us < @next AND bucket IS NULL
            """);
        Add(count, "address", entry.Address);
        Add(count, "kind", entry.Kind);
        Add(count, "minute", minute);
        Add(count, "next", minute + 60_000_000);
        var itemise = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture) < Cap;
        using var insert = Command(connection, transaction, itemise
            ? """
              INSERT INTO evs_security_log (at_us, kind, subject, address, trace_id, method, code, target, detail, occurrences)
              VALUES (@at, @kind, @subject, @address, @trace, @method, @code, @target, @detail, 1)
              """
            : """
              INSERT INTO evs_security_log (at_us, kind, subject, address, trace_id, method, code, target, detail, occurrences, bucket)
              VALUES (@at, @kind, @subject, @address, @trace, NULL, NULL, NULL, @detail, 1, @bucket)
              ON CONFLICT (bucket) DO UPDATE SET occurrences = evs_security_log.occurrences + 1
              """);
        Add(insert, "kind", entry.Kind);
        Add(insert, "address", entry.Address);
        Add(insert, "detail", itemise ? entry.Detail : $"這個位址在這一分鐘內的第 {Cap + 1} 筆起只計次數，不逐筆記錄");
        if (itemise)
        {
            Add(insert, "at", at);
            Add(insert, "subject", entry.Subject);
            Add(insert, "trace", entry.TraceId);
            Add(insert, "method", entry.Method);
            Add(insert, "code", entry.Code);
            Add(insert, "target", entry.Target);
        }
        else
        {
            // The aggregated row sits at the minute's start and names no one: what it counts came from one address.
            Add(insert, "at", minute);
            Add(insert, "subject", "-");
            Add(insert, "trace", "-");
            Add(insert, "bucket", string.Create(CultureInfo.InvariantCulture, $"{entry.Address}|{entry.Kind}|{minute}"));
        }
        insert.ExecuteNonQuery();
        transaction.Commit();
        return itemise;
    }

    public SecurityLogPage Find(SecurityLogFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var pageSize = Math.Clamp(filter.PageSize, 1, 500);
        var page = Math.Max(1, filter.Page);
        using var connection = Open();
        using var total = connection.CreateCommand();
        var where = Where(total, filter);
        total.CommandText = "SELECT count(*) FROM evs_security_log" + where;
        var count = Convert.ToInt64(total.ExecuteScalar(), CultureInfo.InvariantCulture);

        using var rows = connection.CreateCommand();
        rows.CommandText = $"SELECT {Columns} FROM evs_security_log{Where(rows, filter)} ORDER BY at_us DESC, id DESC LIMIT @limit OFFSET @offset";
        Add(rows, "limit", (long)pageSize);
        Add(rows, "offset", (long)(page - 1) * pageSize);
        return new SecurityLogPage(Read(rows), count, page, pageSize);
    }

    public IReadOnlyList<SecurityLogRow> All()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM evs_security_log ORDER BY id";
        return Read(command);
    }

    /// <summary>The table and its indexes; <c>{0}</c> is the dialect's auto-numbered key.</summary>
    protected const string TableSql = """
        CREATE TABLE IF NOT EXISTS evs_security_log (
            id          {0},
            at_us       bigint NOT NULL,
            kind        text   NOT NULL,
            subject     text   NOT NULL,
            address     text   NOT NULL,
            trace_id    text   NOT NULL,
            method      text   NULL,
            code        text   NULL,
            target      text   NULL,
            detail      text   NULL,
            occurrences bigint NOT NULL DEFAULT 1,
            bucket      text   NULL UNIQUE
        );
        CREATE INDEX IF NOT EXISTS evs_security_log_at ON evs_security_log (at_us);
        CREATE INDEX IF NOT EXISTS evs_security_log_cap ON evs_security_log (address, kind, at_us);
        """;

    private const string Columns = "id, at_us, kind, subject, address, trace_id, method, code, target, detail, occurrences, bucket";

    private static string Where(DbCommand command, SecurityLogFilter filter)
    {
        var conditions = new List<string>();
        if (filter.From is { } from)
        {
            conditions.Add("at_us >= @from");
            Add(command, "from", Micros(from));
        }
        if (filter.To is { } to)
        {
            conditions.Add("at_us < @to");
            Add(command, "to", Micros(to));
        }
        if (!string.IsNullOrWhiteSpace(filter.Kind))
        {
            conditions.Add("kind = @kind");
            Add(command, "kind", filter.Kind.Trim());
        }
        if (!string.IsNullOrWhiteSpace(filter.Subject))
        {
            // Either side of the event: who acted, or whom it was about. Lower-cased on both sides (SQLite's LIKE ignores ASCII case, PostgreSQL's does not).
            conditions.Add(@"(lower(subject) LIKE @subject ESCAPE '\' OR lower(coalesce(target, '')) LIKE @subject ESCAPE '\')");
            Add(command, "subject", "%" + Escape(filter.Subject.Trim().ToLowerInvariant()) + "%");
        }
        if (!string.IsNullOrWhiteSpace(filter.Address))
        {
            // A prefix: 198.51.100. finds the whole network.
            conditions.Add(@"address LIKE @address ESCAPE '\'");
            Add(command, "address", Escape(filter.Address.Trim()) + "%");
        }
        return conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '%' or '_')
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    private static List<SecurityLogRow> Read(DbCommand command)
    {
        var rows = new List<SecurityLogRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            rows.Add(new SecurityLogRow(reader.GetInt64(0), FromMicros(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), Text(6), Text(7), Text(8), Text(9), reader.GetInt64(10), !reader.IsDBNull(11)));
        }
        return rows;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        // A null's type is unknown to PostgreSQL otherwise.
        if (value is null)
            parameter.DbType = System.Data.DbType.String;
        command.Parameters.Add(parameter);
    }

    private static long Micros(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
}
