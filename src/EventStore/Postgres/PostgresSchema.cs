using EventStore.Storage;
using Npgsql;

namespace EventStore.Postgres;

/// <summary>
/// The PostgreSQL schema and its migrations. Schema changes run under a role that owns the tables (the migration role);
/// the application's role is then granted only what appending and reading need: on <c>events</c> INSERT and SELECT (no
/// UPDATE, DELETE or TRUNCATE), on <c>streams</c> and <c>head</c> the bookkeeping columns it keeps. A trigger refuses
/// every UPDATE, DELETE and TRUNCATE of <c>events</c> whoever runs it, unless triggers are switched off — which only a
/// superuser or the tables' owner can do (docs/event-store.md, "Least privilege").
/// </summary>
public static class PostgresSchema
{
    /// <summary>2: the <c>$all</c> chain (<c>events.all_hash</c>, <c>head.all_hash</c>), append-only events, the grants.</summary>
    public const int Version = 2;

    internal const string Channel = "evs_commits";

    /// <summary>The schema version a database carries (0 when it has none, or an older store without the version table).</summary>
    public static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('evs_schema') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            return 0;
        await using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM evs_schema", connection);
        return (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Creates or upgrades the schema, connected as the migration role (<paramref name="connectionString"/>), and grants
    /// <paramref name="appRole"/> (when given) the least it needs. Safe to run from several processes at once, and again.
    /// </summary>
    public static async Task MigrateAsync(string connectionString, string? appRole, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Several processes may open a fresh database at once: the lock makes "create if missing" safe.
                await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(7254031)", cancellationToken).ConfigureAwait(false);
                if (await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false) < Version)
                {
                    await ExecuteAsync(connection, Tables, cancellationToken).ConfigureAwait(false);
                    await BackfillAllChainAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, Functions, cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, $"DELETE FROM evs_schema; INSERT INTO evs_schema (version) VALUES ({Version})", cancellationToken).ConfigureAwait(false);
                }

                if (appRole is not null && !string.Equals(appRole, new NpgsqlConnectionStringBuilder(connectionString).Username, StringComparison.Ordinal))
                    await ExecuteAsync(connection, Grants(appRole), cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A store written before schema 2 gets its <c>$all</c> links, with the append-only trigger not yet in place.</summary>
    private static async Task BackfillAllChainAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var missing = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM events WHERE all_hash IS NULL)", connection, transaction))
        {
            if (!(bool)(await missing.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                await ExecuteAsync(connection, "UPDATE head SET all_hash = '\\x0000000000000000000000000000000000000000000000000000000000000000' WHERE id = 1 AND all_hash IS NULL AND position = 0",
                    cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        await ExecuteAsync(connection, "DROP TRIGGER IF EXISTS evs_events_append_only ON events", cancellationToken).ConfigureAwait(false);
        var (_, last) = AllChainBackfill.Run(connection, transaction, "UPDATE events SET all_hash = @h WHERE position = @p");
        await using var head = new NpgsqlCommand("UPDATE head SET all_hash = @h WHERE id = 1", connection, transaction);
        head.Parameters.AddWithValue("h", last);
        await head.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS evs_schema (version int NOT NULL);
        CREATE TABLE IF NOT EXISTS streams (
            id                bigserial PRIMARY KEY,
            name              text     NOT NULL UNIQUE,
            last_revision     bigint   NOT NULL DEFAULT -1,
            incarnation_start bigint   NOT NULL DEFAULT 0,
            soft_deleted      smallint NOT NULL DEFAULT 0,
            tombstoned        smallint NOT NULL DEFAULT 0,
            truncate_before   bigint,
            max_count         bigint,
            max_age_us        bigint,
            last_hash         bytea
        );
        CREATE TABLE IF NOT EXISTS events (
            position   bigint PRIMARY KEY,
            stream_id  bigint NOT NULL REFERENCES streams (id),
            revision   bigint NOT NULL,
            event_id   uuid   NOT NULL,
            type       text   NOT NULL,
            data       bytea  NOT NULL,
            metadata   bytea  NOT NULL,
            created_us bigint NOT NULL,
            prev_hash  bytea  NOT NULL,
            hash       bytea  NOT NULL,
            all_hash   bytea,
            UNIQUE (stream_id, revision),
            UNIQUE (stream_id, event_id)
        );
        ALTER TABLE events ADD COLUMN IF NOT EXISTS all_hash bytea;
        CREATE TABLE IF NOT EXISTS head (
            id       int    PRIMARY KEY CHECK (id = 1),
            position bigint NOT NULL,
            all_hash bytea
        );
        ALTER TABLE head ADD COLUMN IF NOT EXISTS all_hash bytea;
        INSERT INTO head (id, position, all_hash) VALUES (1, 0, '\x0000000000000000000000000000000000000000000000000000000000000000') ON CONFLICT DO NOTHING;
        """;

    /// <summary>The drain function's parameters, in order (its identity for DROP and GRANT).</summary>
    private const string DrainSignature =
        "bigint, bigint[], bigint[], bigint[], uuid[], text[], bytea[], bytea[], bigint[], bytea[], bytea[], bytea[], "
        + "bigint[], bigint[], bigint[], smallint[], smallint[], bigint[], bigint[], bigint[], bytea[], bigint, bytea";

    /// <summary>
    /// Every write of a drain in one call (see <see cref="PostgresWriteSession"/>): under the head row's lock, refuse if
    /// the head is not at <c>expected_version</c> (the <c>xmin</c> the drain was decided on), insert the events, update
    /// the stream rows and the head (position and <c>$all</c> link), notify listeners; return the head's new version.
    /// Then the trigger that keeps <c>events</c> append-only.
    /// </summary>
    private const string Functions = $$"""
        DROP FUNCTION IF EXISTS evs_append_drain(bigint, bigint[], bigint[], bigint[], uuid[], text[], bytea[], bytea[], bigint[], bytea[], bytea[],
            bigint[], bigint[], bigint[], smallint[], smallint[], bigint[], bigint[], bigint[], bytea[], bigint);
        CREATE OR REPLACE FUNCTION evs_append_drain(
            expected_version bigint,
            ep bigint[], es bigint[], er bigint[], eid uuid[], et text[], ed bytea[], em bytea[], ec bigint[], eph bytea[], eh bytea[], eah bytea[],
            sid bigint[], sr bigint[], si bigint[], ssd smallint[], stb smallint[], strunc bigint[], smc bigint[], sma bigint[], sh bytea[],
            new_head bigint, new_head_hash bytea) RETURNS bigint LANGUAGE plpgsql AS $fn$
        DECLARE
            version bigint;
        BEGIN
            SELECT xmin::text::bigint INTO version FROM head WHERE id = 1 FOR UPDATE;
            IF version IS DISTINCT FROM expected_version THEN
                RAISE EXCEPTION 'the store moved since this drain was decided' USING ERRCODE = 'EVS01';
            END IF;
            INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, created_us, prev_hash, hash, all_hash)
            SELECT * FROM unnest(ep, es, er, eid, et, ed, em, ec, eph, eh, eah);
            UPDATE streams SET last_revision = u.r, incarnation_start = u.i, soft_deleted = u.sd, tombstoned = u.tb,
                truncate_before = u.trunc, max_count = u.mc, max_age_us = u.ma, last_hash = u.h
            FROM unnest(sid, sr, si, ssd, stb, strunc, smc, sma, sh) AS u(id, r, i, sd, tb, trunc, mc, ma, h)
            WHERE streams.id = u.id;
            UPDATE head SET position = new_head, all_hash = new_head_hash WHERE id = 1 RETURNING xmin::text::bigint INTO version;
            PERFORM pg_notify('{{Channel}}', '');
            RETURN version;
        END
        $fn$;
        CREATE OR REPLACE FUNCTION evs_refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            RAISE EXCEPTION 'stored events are never changed or removed (%)', TG_OP USING ERRCODE = 'EVS02';
        END
        $fn$;
        CREATE OR REPLACE TRIGGER evs_events_append_only BEFORE UPDATE OR DELETE ON events
            FOR EACH ROW EXECUTE FUNCTION evs_refuse_event_change();
        CREATE OR REPLACE TRIGGER evs_events_never_truncated BEFORE TRUNCATE ON events
            FOR EACH STATEMENT EXECUTE FUNCTION evs_refuse_event_change();
        """;

    /// <summary>What the application's role may do: append and read, keep stream records and the head; nothing else.</summary>
    private static string Grants(string appRole)
    {
        var role = new NpgsqlCommandBuilder().QuoteIdentifier(appRole);
        return $"""
            REVOKE ALL ON events, streams, head, evs_schema FROM PUBLIC;
            REVOKE ALL ON events, streams, head, evs_schema FROM {role};
            GRANT SELECT, INSERT ON events TO {role};
            GRANT SELECT, INSERT ON streams TO {role};
            GRANT UPDATE (last_revision, incarnation_start, soft_deleted, tombstoned, truncate_before, max_count, max_age_us, last_hash) ON streams TO {role};
            GRANT SELECT, UPDATE (position, all_hash) ON head TO {role};
            GRANT SELECT ON evs_schema TO {role};
            GRANT USAGE ON SEQUENCE streams_id_seq TO {role};
            REVOKE ALL ON FUNCTION evs_append_drain({DrainSignature}) FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION evs_append_drain({DrainSignature}) TO {role};
            """;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
