using EventStore.State;
using Domain.Registration;
using Web.CardSteps;
using Web.State;

namespace Web.Pages.Registration.Wizard;

/// <summary>
/// The wizard runs of each browser session (<see cref="BrowserSession"/>): any number per flow, one per tab that started
/// one, found by the run's id (which travels in the page's address).
/// </summary>
public interface IRegistrationWizardStore
{
    RegistrationWizard? Find(string sessionId, RegistrationFlow flow, Guid run);

    void Save(string sessionId, RegistrationWizard wizard);
}

/// <summary>
/// Wizard runs in the event store's database (<see cref="IStateStore"/>), one row per (browser session, flow, run), kept
/// for <see cref="Retention"/> after the last step like the verified cards they rely on, encrypted (the typed national ID
/// is personal data) and seen by every node: a run goes on wherever the next request lands, and after a restart.
/// </summary>
public sealed class DatabaseRegistrationWizardStore(IStateStore state, StatePayload payload, TimeProvider time) : IRegistrationWizardStore
{
    public static readonly TimeSpan Retention = DatabaseVerifiedCardStore.Retention;

    public RegistrationWizard? Find(string sessionId, RegistrationFlow flow, Guid run)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return state.Find(StateKinds.Wizard, sessionId, Key(flow, run)) is { } row && payload.Read<RegistrationWizard>(row.Value) is { } wizard && wizard.Flow == flow
            ? wizard
            : null;
    }

    public void Save(string sessionId, RegistrationWizard wizard)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(wizard);
        state.Put(StateKinds.Wizard, sessionId, Key(wizard.Flow, wizard.Id), payload.Write(wizard), time.GetUtcNow() + Retention);
    }

    private static string Key(RegistrationFlow flow, Guid run) => $"{flow}/{run:N}";
}
