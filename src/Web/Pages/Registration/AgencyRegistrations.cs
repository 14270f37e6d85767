using Domain.ReferenceData;
using Domain.Registration;
using ReadModels.Registration;
using Web.Messaging;

namespace Web.Pages.Registration;

/// <summary>The agencies' registration streams as the registration pages read them, and the read models they show after a change.</summary>
public static class AgencyRegistrations
{
    /// <summary>What a registration page reads after its command: receipts, registered certificates, the OID review queue, the both-cards swaps.</summary>
    public static IReadOnlyList<string> ReadModels { get; } =
    [
        RegistrationReceiptsProjection.ProjectionName, RegisteredCertificatesProjection.ProjectionName, OidReviewQueueProjection.ProjectionName,
        BothSwapRequestsProjection.ProjectionName,
    ];

    /// <summary>The agency's registration as its stream says now (<see cref="AgencyRegistration.Initial"/> for a new agency).</summary>
    public static Task<AgencyRegistration> LoadRegistrationAsync(this CommandPipeline pipeline, AgencyCode agency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return pipeline.LoadAsync<RegistrationDecider, AgencyRegistration, RegistrationCommand, RegistrationEvent>(AgencyRegistration.StreamName(agency), cancellationToken);
    }
}
