using System.Collections.Concurrent;
using Domain.Registration;
using Web.CardSteps;

namespace Web.Pages.Registration.Wizard;

/// <summary>
/// The wizards of each browser session (<see cref="BrowserSession"/>), one per flow. An interface so the in-memory
/// store can give way to a shared one behind several servers, like the card-step stores.
/// </summary>
public interface IRegistrationWizardStore
{
    RegistrationWizard? Find(string sessionId, RegistrationFlow flow);

    void Save(string sessionId, RegistrationWizard wizard);
}

/// <summary>In memory: a wizard is kept for <see cref="Retention"/> after its last step, like the verified cards it relies on.</summary>
public sealed class InMemoryRegistrationWizardStore(TimeProvider time) : IRegistrationWizardStore
{
    public static readonly TimeSpan Retention = InMemoryVerifiedCardStore.Retention;

    private readonly ConcurrentDictionary<(string Session, RegistrationFlow Flow), (RegistrationWizard Wizard, DateTimeOffset SavedAt)> _wizards = new();
    private readonly SweepSchedule _sweeps = new(TimeSpan.FromMinutes(1));

    public int Count => _wizards.Count;

    public RegistrationWizard? Find(string sessionId, RegistrationFlow flow)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return _wizards.TryGetValue((sessionId, flow), out var entry) && time.GetUtcNow() - entry.SavedAt <= Retention ? entry.Wizard : null;
    }

    public void Save(string sessionId, RegistrationWizard wizard)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(wizard);
        var now = time.GetUtcNow();
        if (_sweeps.TryClaim(now))
        {
            foreach (var (key, entry) in _wizards)
            {
                if (now - entry.SavedAt > Retention)
                    _wizards.TryRemove(new KeyValuePair<(string, RegistrationFlow), (RegistrationWizard, DateTimeOffset)>(key, entry));
            }
        }
        _wizards[(sessionId, wizard.Flow)] = (wizard, now);
    }
}
