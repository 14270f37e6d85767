using Microsoft.Extensions.Hosting;

namespace ReadModels.Runner;

/// <summary>Runs the <see cref="ProjectionRunner"/> for the lifetime of the host.</summary>
/// <remarks>
/// Not a BackgroundService: the runner's start (creating the catalogue and the live tables) is awaited here, so the
/// host starts answering requests only once every projection's tables exist. The projection loops themselves run in
/// the background.
/// </remarks>
public sealed class ProjectionHostedService(ProjectionRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => runner.StopAsync();
}
