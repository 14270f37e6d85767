using Domain.Registration;
using Domain.Tests.Support;

namespace Domain.Tests.Registration;

/// <summary>The Given/When/Then helper bound to the registration decider, for the stream's test classes to inherit.</summary>
public abstract class RegistrationSpecification
{
    protected static DeciderSpecification<RegistrationDecider, AgencyRegistration, RegistrationCommand, RegistrationEvent>.Scenario Given(params RegistrationEvent[] history) =>
        DeciderSpecification<RegistrationDecider, AgencyRegistration, RegistrationCommand, RegistrationEvent>.Given(history);
}
