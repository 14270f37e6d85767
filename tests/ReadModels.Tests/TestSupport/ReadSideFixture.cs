using System.Text;
using Dapper;
using EventStore;
using EventStore.Sqlite;
using EventStore.Tests.TestSupport;
using ReadModels.Projections;
using ReadModels.Querying;
using ReadModels.Runner;

namespace ReadModels.Tests.TestSupport;

/// <summary>Where a test's read models live: the embedded SQLite file, or PostgreSQL as in server mode.</summary>
public enum ReadModelStore
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A fresh store file and read-model database per test (a file, or a scratch PostgreSQL database), and helpers to fill
/// and compare them.
/// </summary>
public sealed class ReadSide : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "evs-readmodels", Guid.NewGuid().ToString("N"));
    private readonly List<PostgresDatabase> _scratch = [];
    private readonly List<ReadModelDatabase> _databases = [];

    public ReadSide(ReadModelStore readModels = ReadModelStore.Sqlite)
    {
        ReadModels = readModels;
        Directory.CreateDirectory(_directory);
        StorePath = Path.Combine(_directory, "events.db");
        Store = new SqliteEventStore(StorePath);
        Database = NewDatabase("readmodels.db");
    }

    public ReadModelStore ReadModels { get; }

    public string StorePath { get; }

    public SqliteEventStore Store { get; }

    public ReadModelDatabase Database { get; }

    /// <summary>Another read-model database of the same kind (a file named <paramref name="name"/>, or another scratch database).</summary>
    public ReadModelDatabase NewDatabase(string name)
    {
        ReadModelDatabase database;
        if (ReadModels == ReadModelStore.Postgres)
        {
            // Test set-up: a CREATE DATABASE, awaited where a constructor cannot.
            var scratch = PostgresDatabase.CreateAsync().GetAwaiter().GetResult();
            _scratch.Add(scratch);
            database = ReadModelDatabase.OnPostgres(scratch.ConnectionString);
        }
        else
        {
            database = new ReadModelDatabase(Path.Combine(_directory, name));
        }

        _databases.Add(database);
        return database;
    }

    /// <summary>The scratch PostgreSQL database behind <see cref="Database"/> (PostgreSQL only).</summary>
    public string PostgresConnectionString => _scratch[0].ConnectionString;

    public ProjectionRunner Runner(IProjection projection, ReadModelDatabase? database = null, int batchSize = 100) =>
        Runner([projection], new ProjectionRunnerOptions { BatchSize = batchSize }, database);

    /// <summary>A runner feeding several projections; retries come quickly unless the options say otherwise.</summary>
    public ProjectionRunner Runner(IReadOnlyList<IProjection> projections, ProjectionRunnerOptions options, ReadModelDatabase? database = null) =>
        new(Store, database ?? Database, projections, options: options with { RetryDelay = options.RetryDelay == new ProjectionRunnerOptions().RetryDelay ? TimeSpan.FromMilliseconds(100) : options.RetryDelay });

    /// <summary>Appends <paramref name="count"/> events spread over <paramref name="streams"/> streams, in batches of up to 5.</summary>
    public async Task AppendAsync(int count, int streams = 20, string prefix = "s")
    {
        var random = new Random(count);
        for (var written = 0; written < count;)
        {
            var size = Math.Min(random.Next(1, 6), count - written);
            var events = Enumerable.Range(written, size).Select(n => new EventData(Guid.NewGuid(), n % 3 == 0 ? "Third.v1" : "Other.v1",
                Encoding.UTF8.GetBytes($$"""{"n":{{n}}}"""), EventData.EmptyMetadata)).ToArray();
            await Store.AppendToStreamAsync($"{prefix}-{random.Next(streams)}", StreamState.Any, events);
            written += size;
        }
    }

    /// <summary>Waits (bounded) until the projection's live checkpoint reaches the store's head.</summary>
    public async Task CaughtUpAsync(ProjectionRunner runner, string name = "stream-stats", TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        try
        {
            await runner.WaitForCheckpointAsync(name, await Store.ReadHeadPositionAsync(), timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{name} did not catch up: {(await runner.GetStatusAsync()).SingleOrDefault(s => s.Name == name)}");
        }
    }

    /// <summary>Runs a projection until it has caught up with the store, then stops it.</summary>
    public async Task RunToHeadAsync(IProjection projection, ReadModelDatabase? database = null)
    {
        await using var runner = Runner(projection, database);
        await runner.StartAsync(CancellationToken.None);
        await CaughtUpAsync(runner, projection.Name);
    }

    /// <summary>
    /// Everything the read models hold of <paramref name="projection"/> as text: the SQLite file and its log byte for
    /// byte (free pages included), or on PostgreSQL every row of its tables.
    /// </summary>
    public async Task<string> StoredTextAsync(IProjection projection)
    {
        if (Database.Path is { } path)
        {
            var text = new StringBuilder();
            foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
                text.Append(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)));
            return text.ToString();
        }

        await using var connection = await Database.OpenReadConnectionAsync();
        var rows = new StringBuilder();
        foreach (var table in projection.Tables)
        {
            foreach (IDictionary<string, object?> row in await connection.QueryAsync($"SELECT * FROM {table.Name}"))
                rows.AppendLine(string.Join('|', row.Values));
        }

        return rows.ToString();
    }

    public static async Task<List<string>> RowsAsync(ReadModelDatabase database)
    {
        await using var connection = await database.OpenReadConnectionAsync();
        var stats = await connection.QueryAsync<(string Stream, long Events, long NSum, long LastPosition)>(
            "SELECT stream, events, n_sum, last_position FROM stream_stats ORDER BY stream");
        var types = await connection.QueryAsync<(string Type, long Count)>("SELECT type, count FROM type_counts ORDER BY type");
        return stats.Select(s => $"{s.Stream}:{s.Events}:{s.NSum}:{s.LastPosition}").Concat(types.Select(t => $"{t.Type}:{t.Count}")).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        foreach (var database in _databases)
            await database.DisposeAsync();
        foreach (var scratch in _scratch)
            await scratch.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
