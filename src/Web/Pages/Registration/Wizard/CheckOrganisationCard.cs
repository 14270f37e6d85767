using Web.Validation;
using System.ComponentModel.DataAnnotations;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Mediator;
using Web.CardSteps;
using Web.Messaging;
using Web.Registration;

namespace Web.Pages.Registration.Wizard;

/// <summary>
/// 機關憑證確認: after the card step verified the card, may this card go on for this agency in this flow? The same
/// checks the final command repeats (RegistrationCardChecks.CheckOrganisationCard). An OID the directory does not
/// expect is not a refusal here: the answer says a review is needed, and the page offers the review form.
/// </summary>
public sealed record CheckOrganisationCard(
    RegistrationFlow Flow,
    [property: Display(Name = "機關代號")] string? AgencyCode,
    VerifiedCard Card) : IQuery<Outcome<OrganisationCardChecked>>;

/// <param name="Version">The agency's stream version the check read.</param>
/// <param name="Review">Null when the card may go on; else the mismatch to put before the review form.</param>
public sealed record OrganisationCardChecked(AgencyCode Agency, string AgencyName, long Version, Domain.Common.Rejection? Review);

public sealed class CheckOrganisationCardValidator : AbstractValidator<CheckOrganisationCard>
{
    public CheckOrganisationCardValidator() => RuleFor(q => q.AgencyCode).MustBeAgencyCode();
}

public sealed class CheckOrganisationCardHandler(RegistrationFacts facts, RegistrationStreams streams, TimeProvider time)
    : IQueryHandler<CheckOrganisationCard, Outcome<OrganisationCardChecked>>
{
    public async ValueTask<Outcome<OrganisationCardChecked>> Handle(CheckOrganisationCard query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var agency = AgencyCode.Of(query.AgencyCode!);
        var card = await facts.OrganisationCardAsync(agency, query.Card, cancellationToken);
        var state = await streams.LoadAsync(agency, cancellationToken);
        var name = card.DirectoryEntry?.Name ?? state.Registered?.AgencyName ?? agency.Value;
        return RegistrationCardChecks.CheckOrganisationCard(state, query.Flow, agency, card, time.GetUtcNow()) switch
        {
            null => new OrganisationCardChecked(agency, name, state.Version, null),
            { Code: "oid-mismatch" } mismatch => new OrganisationCardChecked(agency, name, state.Version, mismatch),
            var rejection => rejection,
        };
    }
}
