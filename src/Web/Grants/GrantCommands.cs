using Domain.Common;
using Domain.Registration;
using EventStore.CommandHandling;
using ReadModels.Grants;
using ReadModels.Runner;
using Web.Messaging;

namespace Web.Grants;

/// <summary>What a grant command did: the stream's version after it, and whether it appended anything (a repeat appends nothing).</summary>
public sealed record GrantChanged(int GrantNumber, bool Appended);

/// <summary>
/// Sends a grant command through the registration stream's command handler (read, decide, append at the version read)
/// and waits until the issued-grants list shows it, so the page that answers shows its own write.
/// </summary>
public sealed class GrantCommands(
    CommandHandler<RegistrationDecider, AgencyRegistration, RegistrationCommand, RegistrationEvent> handler,
    ProjectionRunner projections)
{
    public async Task<Outcome<GrantChanged>> SendAsync(RegistrationCommand command, int? grantNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var outcome = await handler.HandleAsync(
            AgencyRegistration.StreamName(command.Agency), command.CommandId, command, new CommandContext(command.CommandId, command.Actor), cancellationToken);
        switch (outcome)
        {
            case CommandOutcome<RegistrationEvent>.Appended appended:
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(TimeSpan.FromSeconds(10));
                    await projections.WaitForCheckpointAsync(IssuedGrantsProjection.ProjectionName, appended.Position, timeout.Token);
                }
                var number = appended.Events.OfType<GrantIssued>().FirstOrDefault()?.GrantNumber ?? grantNumber ?? 0;
                return new GrantChanged(number, true);
            case CommandOutcome<RegistrationEvent>.NothingToDo:
                return new GrantChanged(grantNumber ?? 0, false);
            case CommandOutcome<RegistrationEvent>.Rejected rejected:
                return Outcome<GrantChanged>.Rejected(rejected.Rejection);
            case CommandOutcome<RegistrationEvent>.Conflict:
                return Outcome<GrantChanged>.Rejected(CommandOutcome<RegistrationEvent>.Conflict.Reason);
            default:
                throw new InvalidOperationException($"unexpected command outcome {outcome.GetType().Name}");
        }
    }
}
