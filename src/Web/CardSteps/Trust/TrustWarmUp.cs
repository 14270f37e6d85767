namespace Web.CardSteps.Trust;

/// <summary>
/// Starts loading the trust material (the large CRL included) when the service starts, in the background, so the
/// first card step does not wait for it; a set-up that cannot load is reported in the log at once.
/// </summary>
public sealed class TrustWarmUp(ITrustStore trust, ILogger<TrustWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (trust is FileTrustStore { IsConfigured: false })
        {
            logger.LogWarning("Web:Trust:Directory is not set: card steps will refuse every card until it is.");
            return Task.CompletedTask;
        }
        _ = WarmAsync();
        return Task.CompletedTask;
    }

    private async Task WarmAsync()
    {
        try
        {
            await trust.GetAsync().ConfigureAwait(false);
        }
        catch (TrustConfigurationException e)
        {
            logger.LogError(e, "The trust material cannot be loaded: card steps will fail until the set-up is fixed.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
