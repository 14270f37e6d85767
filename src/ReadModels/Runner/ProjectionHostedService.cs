using Microsoft.Extensions.Hosting;

namespace ReadModels.Runner;

/// <summary>Runs the <see cref="ProjectionRunner"/> for the lifetime of the host.</summary>
public sealed class ProjectionHostedService(ProjectionRunner runner) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await runner.StartAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
        finally
        {
            await runner.StopAsync().ConfigureAwait(false);
        }
    }
}
