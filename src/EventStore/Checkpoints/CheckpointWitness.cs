using System.Globalization;
using System.Text;
using Npgsql;

namespace EventStore.Checkpoints;

/// <summary>A place outside the event store's database where signed checkpoints are kept, only ever added to.</summary>
public interface ICheckpointWitness
{
    /// <summary>For people: the folder or the server.</summary>
    string Description { get; }

    /// <summary>Adds a checkpoint; refuses (<see cref="IOException"/>) to replace one already kept under its sequence.</summary>
    Task WriteAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Every checkpoint kept, in sequence order; an unreadable one as its <see cref="WitnessEntry.Problem"/>.</summary>
    Task<IReadOnlyList<WitnessEntry>> ReadAllAsync(CancellationToken cancellationToken = default);
}

/// <summary>One kept checkpoint as read back: the checkpoint, or where it is and why it could not be read.</summary>
public sealed record WitnessEntry(string Where, SignedCheckpoint? Checkpoint, string? Problem);

/// <summary>
/// The default witness: a folder of checkpoint files, <c>checkpoint-000000000042.txt</c>, each created once (never
/// overwritten), flushed to disk and made read-only. Put the folder where the database's administrators cannot write
/// (another machine's share, WORM storage, or <c>chattr +a</c> on the folder) — docs/auditing.md.
/// </summary>
public sealed class DirectoryCheckpointWitness(string directory) : ICheckpointWitness
{
    private const string Prefix = "checkpoint-";
    private const string Suffix = ".txt";

    public string Directory { get; } = Path.GetFullPath(directory);

    public string Description => $"folder {Directory}";

    public static string FileName(long sequence) => $"{Prefix}{sequence.ToString("D12", CultureInfo.InvariantCulture)}{Suffix}";

    public async Task WriteAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, FileName(checkpoint.Body.Sequence));
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(CheckpointFormat.File(checkpoint), cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    public async Task<IReadOnlyList<WitnessEntry>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<WitnessEntry>();
        if (!System.IO.Directory.Exists(Directory))
            return entries;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, $"{Prefix}*{Suffix}").Order(StringComparer.Ordinal))
        {
            try
            {
                var checkpoint = CheckpointFormat.Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
                entries.Add(Path.GetFileName(path) == FileName(checkpoint.Body.Sequence)
                    ? new WitnessEntry(path, checkpoint, null)
                    : new WitnessEntry(path, null, $"holds checkpoint #{checkpoint.Body.Sequence} under another number's name"));
            }
            catch (FormatException e)
            {
                entries.Add(new WitnessEntry(path, null, e.Message));
            }
        }

        return entries;
    }
}

/// <summary>
/// A second PostgreSQL server as a witness: the table <c>evs_checkpoints</c> (sequence, the file's text). Give the
/// app a role there that may only INSERT and SELECT it, on a server the event store's administrators do not run.
/// </summary>
public sealed class PostgresCheckpointWitness(string connectionString) : ICheckpointWitness
{
    public string Description { get; } = new NpgsqlConnectionStringBuilder(connectionString) is var b ? $"PostgreSQL {b.Host}:{b.Port}/{b.Database}" : "PostgreSQL";

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Creates the table (run once, by a role allowed to; then grant the app's role INSERT and SELECT only).</summary>
    public async Task CreateTableAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS evs_checkpoints (sequence bigint PRIMARY KEY, body text NOT NULL)", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task WriteAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand("INSERT INTO evs_checkpoints (sequence, body) VALUES (@s, @b)", connection);
            command.Parameters.AddWithValue("s", checkpoint.Body.Sequence);
            command.Parameters.AddWithValue("b", Encoding.UTF8.GetString(CheckpointFormat.File(checkpoint)));
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new IOException($"{Description} already keeps checkpoint #{checkpoint.Body.Sequence}", e);
            }
        }
    }

    public async Task<IReadOnlyList<WitnessEntry>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<WitnessEntry>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand("SELECT sequence, body FROM evs_checkpoints ORDER BY sequence", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var where = $"{Description} #{reader.GetInt64(0).ToString(CultureInfo.InvariantCulture)}";
                try
                {
                    var checkpoint = CheckpointFormat.Parse(Encoding.UTF8.GetBytes(reader.GetString(1)));
                    entries.Add(checkpoint.Body.Sequence == reader.GetInt64(0) ? new WitnessEntry(where, checkpoint, null) : new WitnessEntry(where, null, "kept under another number"));
                }
                catch (FormatException e)
                {
                    entries.Add(new WitnessEntry(where, null, e.Message));
                }
            }
        }

        return entries;
    }
}
