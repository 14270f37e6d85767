using EventStore;
using EventStore.Checkpoints;
using EventStore.Storage;
using Microsoft.Extensions.Logging;

namespace Web.Pages.Audit;

/// <summary>
/// The store's signed checkpoints when <c>EventStore:Checkpoints:Directory</c> is set (docs/auditing.md): the signer,
/// the writer that signs on the schedule, and what verifications read and trust. <see cref="Source"/> is null otherwise.
/// </summary>
public sealed class StoreCheckpoints : IDisposable
{
    private readonly ICheckpointSigner? _signer;

    public StoreCheckpoints(CheckpointSettings? settings, IEventStore store, TimeProvider time)
    {
        if (settings is null)
            return;
        if (store is not RelationalEventStore relational)
            throw new InvalidOperationException("EventStore:Checkpoints needs EventStore:Provider 'sqlite' or 'postgres' (KurrentDB keeps no hash chain).");
        _signer = settings.CreateSigner();
        Writer = new CheckpointWriter(relational, _signer, settings.CreateWitnesses(), settings.Schedule, settings.Store, time);
        Source = settings.CreateSource(_signer);
    }

    public CheckpointWriter? Writer { get; }

    public CheckpointSource? Source { get; }

    public void Dispose() => (_signer as IDisposable)?.Dispose();
}

/// <summary>Runs the checkpoint writer for as long as the app runs, and says in the log when it cannot sign.</summary>
public sealed partial class CheckpointSigning(StoreCheckpoints checkpoints, ILogger<CheckpointSigning> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (checkpoints.Writer is not { } writer)
            return;
        var watching = WatchAsync(writer, stoppingToken);
        await writer.RunAsync(stoppingToken).ConfigureAwait(false);
        await watching.ConfigureAwait(false);
    }

    /// <summary>Logs each new failure or alarm of the writer once (it keeps running and retries failures).</summary>
    private async Task WatchAsync(CheckpointWriter writer, CancellationToken stoppingToken)
    {
        Exception? reported = null;
        var alarmed = false;
        using var timer = new PeriodicTimer(CheckpointWriter.LookEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (writer.Alarm is { } alarm && !alarmed)
                {
                    alarmed = true;
                    LogAlarm(logger, alarm);
                }

                if (writer.LastFailure is { } failure && failure != reported)
                {
                    reported = failure;
                    LogFailure(logger, failure);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Checkpoints are no longer signed: {Alarm}")]
    private static partial void LogAlarm(ILogger logger, string alarm);

    [LoggerMessage(Level = LogLevel.Error, Message = "A checkpoint could not be signed or kept")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
