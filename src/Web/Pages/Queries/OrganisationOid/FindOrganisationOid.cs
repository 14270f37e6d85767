using System.ComponentModel.DataAnnotations;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Mediator;
using ReadModels.ReferenceData;
using Web.CardSteps;
using Web.Messaging;
using Web.Validation;

namespace Web.Pages.Queries.OrganisationOid;

/// <summary>
/// 查詢機關憑證OID (seed 004, 七(二), 圖3-40): the organisation card just verified, read for the agency whose code was
/// typed with it. The code must be in the agency directory; a card whose OID the directory does not expect for that
/// agency is still shown, with a notice that registering it goes to OID review (not an input error).
/// </summary>
public sealed record FindOrganisationOid(
    [property: Display(Name = "機關代號")] string? AgencyCode,
    VerifiedCard Card) : IQuery<Outcome<OrganisationOidResult>>;

/// <summary>What the query shows: the directory's agency, the card's certificate, and whether the directory expects its OID.</summary>
public sealed record OrganisationOidResult(AgencyDirectoryEntry Agency, OrganisationCertificateSummary Certificate, bool OidExpected);

public sealed class FindOrganisationOidValidator : AbstractValidator<FindOrganisationOid>
{
    public FindOrganisationOidValidator() => RuleFor(q => q.AgencyCode).MustBeAgencyCode();
}

public sealed class FindOrganisationOidHandler(AgencyDirectoryLookup directory) : IQueryHandler<FindOrganisationOid, Outcome<OrganisationOidResult>>
{
    public async ValueTask<Outcome<OrganisationOidResult>> Handle(FindOrganisationOid query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var code = Domain.ReferenceData.AgencyCode.Parse(query.AgencyCode).Code!.Value;
        if (await directory.FindAsync(code, cancellationToken) is not { } agency)
            return RegistrationRejections.AgencyNotInDirectory with { Field = nameof(FindOrganisationOid.AgencyCode) };
        var certificate = OrganisationCertificateSummary.From(query.Card);
        return new OrganisationOidResult(agency, certificate, agency.Expects(query.Card.Facts.OrganisationIdentifier));
    }
}
