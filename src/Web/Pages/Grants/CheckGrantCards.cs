using System.ComponentModel.DataAnnotations;
using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Mediator;
using ReadModels.Grants;
using ReadModels.ReferenceData;
using Web.CardSteps;
using Web.Messaging;
using Web.Validation;

namespace Web.Pages.Grants;

/// <summary>授權指派 step 1: the typed agency code names a registered agency whose registered organisation certificate is the card just verified.</summary>
public sealed record CheckGrantOrganisationCard(
    [property: Display(Name = "機關代號")] string? AgencyCode,
    VerifiedCard Card) : IQuery<Outcome<GrantAgency>>;

public sealed class CheckGrantOrganisationCardValidator : AbstractValidator<CheckGrantOrganisationCard>
{
    public CheckGrantOrganisationCardValidator() => RuleFor(q => q.AgencyCode).MustBeAgencyCode();
}

public sealed class CheckGrantOrganisationCardHandler(IssuedGrantsQuery grants) : IQueryHandler<CheckGrantOrganisationCard, Outcome<GrantAgency>>
{
    public async ValueTask<Outcome<GrantAgency>> Handle(CheckGrantOrganisationCard query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var code = Domain.ReferenceData.AgencyCode.Parse(query.AgencyCode).Code!.Value;
        if (await grants.AgencyAsync(code.Value, cancellationToken) is not { } agency)
            return RegistrationRejections.NotRegistered with { Field = nameof(CheckGrantOrganisationCard.AgencyCode) };
        if (agency.OrganisationIssuerKeyId != query.Card.Facts.IssuerKeyId || agency.OrganisationSerial != query.Card.Facts.SerialNumber)
            return RegistrationRejections.NotTheRegisteredOrganisationCertificate with { Field = nameof(CheckGrantOrganisationCard.AgencyCode) };
        return agency;
    }
}

/// <summary>授權指派 step 2: the typed ID is the registered manager's and the card just verified is the registered manager's card.</summary>
public sealed record CheckGrantManagerCard(
    [property: Display(Name = "授權管理者身分證統一編號")] string? ManagerNationalId,
    GrantAgency Agency,
    VerifiedCard Card) : IQuery<Outcome<GrantAgency>>;

public sealed class CheckGrantManagerCardValidator : AbstractValidator<CheckGrantManagerCard>
{
    public CheckGrantManagerCardValidator() => RuleFor(q => q.ManagerNationalId).MustBeNationalId();
}

public sealed class CheckGrantManagerCardHandler(NationalIdHashKey hashKey) : IQueryHandler<CheckGrantManagerCard, Outcome<GrantAgency>>
{
    public ValueTask<Outcome<GrantAgency>> Handle(CheckGrantManagerCard query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var id = NationalId.Parse(query.ManagerNationalId).Id!.Value;
        var field = nameof(CheckGrantManagerCard.ManagerNationalId);
        Outcome<GrantAgency> outcome =
            query.Card.Facts.NationalIdLastFour != id.LastFour || hashKey.Hash(id) != query.Agency.ManagerIdHash
                ? RegistrationRejections.ManagerIdMismatch with { Field = field }
                : query.Agency.ManagerIssuerKeyId != query.Card.Facts.IssuerKeyId || query.Agency.ManagerSerial != query.Card.Facts.SerialNumber
                    ? RegistrationRejections.NotTheRegisteredManager with { Field = field }
                    : query.Agency;
        return ValueTask.FromResult(outcome);
    }
}
