using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using EventStore.CommandHandling;
using ReadModels.Registration;
using ReadModels.Runner;
using Web.Messaging;

namespace Web.Registration;

/// <summary>What a registration command came to: the events it appended (none for a repeat of something already in effect).</summary>
/// <param name="Version">The stream version after the change; null when nothing was appended.</param>
public sealed record RegistrationChange(IReadOnlyList<RegistrationEvent> Events, long? Version);

/// <summary>
/// The registration streams as the pages use them: fold an agency's stream into its state, and run a command through
/// the generic command handler (docs/event-store.md), turning its outcome into an <see cref="Outcome{T}"/>: a broken rule
/// stays the domain's rejection, a lost race becomes <see cref="RegistrationMessages.ChangedMeanwhile"/>. After an
/// append it waits, briefly, for the registration read models, so the next page shows the change.
/// </summary>
public sealed class RegistrationStreams(
    CommandHandler<RegistrationDecider, AgencyRegistration, RegistrationCommand, RegistrationEvent> handler,
    ProjectionRunner projections)
{
    /// <summary>How long a page waits for the read models after its own write; past it the page shows what they have.</summary>
    public static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(5);

    private static readonly string[] RegistrationProjections =
        [RegistrationReceiptsProjection.ProjectionName, RegisteredCertificatesProjection.ProjectionName, OidReviewQueueProjection.ProjectionName];

    /// <summary>The agency's registration as its stream says now (<see cref="AgencyRegistration.Initial"/> for a new agency).</summary>
    public async Task<AgencyRegistration> LoadAsync(AgencyCode agency, CancellationToken cancellationToken = default)
    {
        var loaded = await handler.LoadStateAsync(AgencyRegistration.StreamName(agency), cancellationToken)
                     ?? throw new InvalidOperationException($"The registration stream of {agency} was tombstoned.");
        return loaded.State;
    }

    /// <summary>Decides and appends <paramref name="command"/> on its agency's stream.</summary>
    /// <param name="correlationId">What ties this command to the others of one wizard run (its id), or the command's own id.</param>
    public async Task<Outcome<RegistrationChange>> SendAsync(RegistrationCommand command, Guid correlationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var outcome = await handler.HandleAsync(
            AgencyRegistration.StreamName(command.Agency), command.CommandId, command, new CommandContext(correlationId, command.Actor), cancellationToken);
        switch (outcome)
        {
            case CommandOutcome<RegistrationEvent>.Appended appended:
                await WaitForReadModelsAsync(appended.Position, cancellationToken);
                return new RegistrationChange(appended.Events, appended.Revision.Value + 1);
            case CommandOutcome<RegistrationEvent>.NothingToDo:
                return new RegistrationChange([], null);
            case CommandOutcome<RegistrationEvent>.Rejected { Rejection: var rejection }:
                return rejection.Code == RegistrationRejections.StaleVersion.Code ? RegistrationMessages.ChangedMeanwhile : rejection;
            case CommandOutcome<RegistrationEvent>.Conflict:
                return RegistrationMessages.ChangedMeanwhile;
            default:
                throw new InvalidOperationException($"Unexpected command outcome {outcome}");
        }
    }

    /// <summary>Waits until every registration read model holds <paramref name="position"/>, or <see cref="ProjectionWait"/> passes.</summary>
    public async Task WaitForReadModelsAsync(EventStore.Position position, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProjectionWait);
        try
        {
            foreach (var name in RegistrationProjections)
                await projections.WaitForCheckpointAsync(name, position, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The read models are behind (a rebuild, a busy machine): the write stands, the lists catch up shortly.
        }
    }
}
