using Microsoft.Data.Sqlite;

namespace ReadModels.Storage;

/// <summary>
/// Copies the read-model file's write-ahead log into the database file from a connection of its own, a moment after
/// commits, so the runner's transactions do not stop to do it themselves (SQLite's automatic checkpoint runs inside the
/// committing transaction). A passive checkpoint never blocks the writer or readers. The runner's connections keep a
/// far larger automatic threshold as a backstop, should this fall behind.
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly Task _loop;

    public WalCheckpointer(string path) => _loop = Task.Run(() => RunAsync(path, _stopping.Token));

    /// <summary>A transaction committed: checkpoint soon.</summary>
    public void Committed()
    {
        if (_committed.CurrentCount == 0)
        {
            try
            {
                _committed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit asked first.
            }
        }
    }

    private async Task RunAsync(string path, CancellationToken stopping)
    {
        try
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(stopping).ConfigureAwait(false);
                using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA wal_checkpoint(PASSIVE);";
                while (true)
                {
                    await _committed.WaitAsync(stopping).ConfigureAwait(false);
                    await Task.Delay(Pause, TimeProvider.System, stopping).ConfigureAwait(false);
                    try
                    {
                        checkpoint.ExecuteNonQuery();
                    }
                    catch (SqliteException)
                    {
                        // A busy or failing checkpoint is tried again after the next commit; the log only grows meanwhile.
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (SqliteException)
        {
            // The file cannot be opened for checkpoints: the writers' automatic checkpoints take over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        _committed.Dispose();
    }
}
