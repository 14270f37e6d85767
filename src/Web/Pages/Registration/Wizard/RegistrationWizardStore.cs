using EventStore.State;
using Domain.Registration;
using Web.CardSteps;
using Web.State;

namespace Web.Pages.Registration.Wizard;

/// <summary>
/// The wizards of each browser session (<see cref="BrowserSession"/>), one per flow.
/// </summary>
public interface IRegistrationWizardStore
{
    RegistrationWizard? Find(string sessionId, RegistrationFlow flow);

    void Save(string sessionId, RegistrationWizard wizard);
}

/// <summary>
/// Wizard runs in the event store's database (<see cref="IStateStore"/>), one row per (browser session, flow), kept for
/// <see cref="Retention"/> after the last step like the verified cards they rely on, encrypted (the typed national ID
/// is personal data) and seen by every node: a run goes on wherever the next request lands, and after a restart.
/// </summary>
public sealed class DatabaseRegistrationWizardStore(IStateStore state, StatePayload payload, TimeProvider time) : IRegistrationWizardStore
{
    public static readonly TimeSpan Retention = DatabaseVerifiedCardStore.Retention;

    public RegistrationWizard? Find(string sessionId, RegistrationFlow flow)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return state.Find(StateKinds.Wizard, sessionId, flow.ToString()) is { } row ? payload.Read<RegistrationWizard>(row.Value) : null;
    }

    public void Save(string sessionId, RegistrationWizard wizard)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(wizard);
        state.Put(StateKinds.Wizard, sessionId, wizard.Flow.ToString(), payload.Write(wizard), time.GetUtcNow() + Retention);
    }
}
