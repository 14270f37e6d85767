using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Web.CardSteps;

/// <summary>Registers the card-step services; Program.cs calls <see cref="AddCardStepChallenges"/>.</summary>
public static class CardStepsServiceCollectionExtensions
{
    /// <summary>The challenge store (in memory, one per process) and the clock it needs.</summary>
    public static IServiceCollection AddCardStepChallenges(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IChallengeStore, InMemoryChallengeStore>();
        return services;
    }
}
