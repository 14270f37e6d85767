using System.Data.Common;

namespace EventStore.State;

/// <summary>
/// The SQL both adapters share: one table <c>evs_state</c> (kind, owner, key) → value, expires_us, uses. Each
/// operation is a single statement, so atomicity comes from the database, not from this process. Times are
/// microseconds since the Unix epoch, like the store's <c>created_us</c>.
/// </summary>
public abstract class RelationalStateStore(TimeProvider time) : IStateStore
{
    protected TimeProvider Time { get; } = time;

    /// <summary>An open connection with the schema in place.</summary>
    protected abstract DbConnection Open();

    /// <summary>The upsert that replaces a row (dialects differ only in naming the conflict target's columns, which both accept).</summary>
    private const string PutSql = """
        INSERT INTO evs_state (kind, owner, key, value, expires_us, uses) VALUES (@kind, @owner, @key, @value, @expires, 0)
        ON CONFLICT (kind, owner, key) DO UPDATE SET value = excluded.value, expires_us = excluded.expires_us, uses = 0
        """;

    public void Put(string kind, string owner, string key, byte[] value, DateTimeOffset expiresAt)
    {
        using var connection = Open();
        using var command = Command(connection, PutSql, kind, owner, key);
        Add(command, "value", value);
        Add(command, "expires", Micros(expiresAt));
        command.ExecuteNonQuery();
    }

    public bool TryAdd(string kind, string owner, string key, byte[] value, DateTimeOffset expiresAt)
    {
        using var connection = Open();
        // An expired row with the same identity gives way; a live one wins.
        using var command = Command(connection, """
            INSERT INTO evs_state (kind, owner, key, value, expires_us, uses) VALUES (@kind, @owner, @key, @value, @expires, 0)
            ON CONFLICT (kind, owner, key) DO UPDATE SET value = excluded.value, expires_us = excluded.expires_us, uses = 0
            WHERE evs_state.expires_us <= @now
            """, kind, owner, key);
        Add(command, "value", value);
        Add(command, "expires", Micros(expiresAt));
        Add(command, "now", Now);
        return command.ExecuteNonQuery() == 1;
    }

    public StateRow? Find(string kind, string owner, string key)
    {
        using var connection = Open();
        using var command = Command(connection,
            "SELECT key, value, expires_us, uses FROM evs_state WHERE kind = @kind AND owner = @owner AND key = @key AND expires_us > @now", kind, owner, key);
        Add(command, "now", Now);
        return ReadRows(command).FirstOrDefault();
    }

    public byte[]? Claim(string kind, string owner, string key)
    {
        using var connection = Open();
        using var command = Command(connection, """
            UPDATE evs_state SET uses = uses + 1
            WHERE kind = @kind AND owner = @owner AND key = @key AND uses = 0 AND expires_us > @now
            RETURNING value
            """, kind, owner, key);
        Add(command, "now", Now);
        return command.ExecuteScalar() as byte[];
    }

    public long Increment(string kind, string owner, string key, byte[] value, DateTimeOffset expiresAt)
    {
        using var connection = Open();
        // A row past its expiry starts counting again from 1.
        using var command = Command(connection, """
            INSERT INTO evs_state (kind, owner, key, value, expires_us, uses) VALUES (@kind, @owner, @key, @value, @expires, 1)
            ON CONFLICT (kind, owner, key) DO UPDATE SET
                uses = CASE WHEN evs_state.expires_us > @now THEN evs_state.uses + 1 ELSE 1 END,
                expires_us = excluded.expires_us
            RETURNING uses
            """, kind, owner, key);
        Add(command, "value", value);
        Add(command, "expires", Micros(expiresAt));
        Add(command, "now", Now);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<StateRow> List(string kind, string owner)
    {
        using var connection = Open();
        using var command = Command(connection,
            "SELECT key, value, expires_us, uses FROM evs_state WHERE kind = @kind AND owner = @owner AND expires_us > @now ORDER BY key", kind, owner, "");
        Add(command, "now", Now);
        return ReadRows(command);
    }

    public long Count(string kind)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT count(*) FROM evs_state WHERE kind = @kind AND expires_us > @now", kind, "", "");
        Add(command, "now", Now);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool Remove(string kind, string owner, string key)
    {
        using var connection = Open();
        using var command = Command(connection, "DELETE FROM evs_state WHERE kind = @kind AND owner = @owner AND key = @key", kind, owner, key);
        return command.ExecuteNonQuery() > 0;
    }

    public int RemoveOwner(string? kind, string owner)
    {
        using var connection = Open();
        using var command = Command(connection,
            kind is null ? "DELETE FROM evs_state WHERE owner = @owner" : "DELETE FROM evs_state WHERE kind = @kind AND owner = @owner", kind ?? "", owner, "");
        return command.ExecuteNonQuery();
    }

    public int MoveOwner(string from, string to, IReadOnlyCollection<string> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Count == 0 || from == to)
            return 0;
        using var connection = Open();
        using var command = connection.CreateCommand();
        var names = kinds.Select((_, i) => "@k" + i).ToArray();
        // Rows the new owner already has (none, for a freshly issued id) are kept; the old owner's are dropped below.
        command.CommandText = $"""
            UPDATE evs_state SET owner = @to WHERE owner = @from AND kind IN ({string.Join(", ", names)})
            AND NOT EXISTS (SELECT 1 FROM evs_state t WHERE t.kind = evs_state.kind AND t.owner = @to AND t.key = evs_state.key)
            """;
        Add(command, "from", from);
        Add(command, "to", to);
        var i = 0;
        foreach (var kind in kinds)
            Add(command, "k" + i++, kind);
        var moved = command.ExecuteNonQuery();
        command.CommandText = $"DELETE FROM evs_state WHERE owner = @from AND kind IN ({string.Join(", ", names)})";
        command.ExecuteNonQuery();
        return moved;
    }

    public int Sweep()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM evs_state WHERE expires_us <= @now";
        Add(command, "now", Now);
        return command.ExecuteNonQuery();
    }

    /// <summary>The table and its indexes, in SQL both databases accept.</summary>
    protected const string TableSql = """
        CREATE TABLE IF NOT EXISTS evs_state (
            kind       text   NOT NULL,
            owner      text   NOT NULL,
            key        text   NOT NULL,
            value      {0}    NOT NULL,
            expires_us bigint NOT NULL,
            uses       bigint NOT NULL DEFAULT 0,
            PRIMARY KEY (kind, owner, key)
        );
        CREATE INDEX IF NOT EXISTS evs_state_expiry ON evs_state (expires_us);
        CREATE INDEX IF NOT EXISTS evs_state_owner ON evs_state (owner);
        """;

    private long Now => Micros(Time.GetUtcNow());

    private static long Micros(DateTimeOffset instant) =>
        instant == DateTimeOffset.MaxValue ? long.MaxValue : (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static DateTimeOffset FromMicros(long micros) =>
        micros == long.MaxValue ? DateTimeOffset.MaxValue : DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    private static DbCommand Command(DbConnection connection, string sql, string kind, string owner, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(key);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        // Only the identity parameters the statement names.
        foreach (var (name, value) in new[] { ("kind", kind), ("owner", owner), ("key", key) })
        {
            if (sql.Contains("@" + name, StringComparison.Ordinal))
                Add(command, name, value);
        }
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        if (command.Parameters.Contains(name))
            return;
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static List<StateRow> ReadRows(DbCommand command)
    {
        var rows = new List<StateRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add(new StateRow(reader.GetString(0), (byte[])reader.GetValue(1), FromMicros(reader.GetInt64(2)), reader.GetInt64(3)));
        return rows;
    }
}
