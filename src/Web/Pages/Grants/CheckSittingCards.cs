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
public sealed record CheckSittingOrganisationCard(
    [property: Display(Name = "機關代號")] string? AgencyCode,
    VerifiedCard Card) : IQuery<Outcome<HandlerGrantAgency>>;

public sealed class CheckSittingOrganisationCardValidator : AbstractValidator<CheckSittingOrganisationCard>
{
    public CheckSittingOrganisationCardValidator() => RuleFor(q => q.AgencyCode).MustBeAgencyCode();
}

public sealed class CheckSittingOrganisationCardHandler(HandlerGrantAgencyQuery grants) : IQueryHandler<CheckSittingOrganisationCard, Outcome<HandlerGrantAgency>>
{
    public async ValueTask<Outcome<HandlerGrantAgency>> Handle(CheckSittingOrganisationCard query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var code = Domain.ReferenceData.AgencyCode.Parse(query.AgencyCode).Code!.Value;
        if (await grants.AgencyAsync(code.Value, cancellationToken) is not { } agency)
            return RegistrationRejections.NotRegistered with { Field = nameof(CheckSittingOrganisationCard.AgencyCode) };
        if (agency.OrganisationIssuerKeyId != query.Card.Facts.IssuerKeyId || agency.OrganisationSerial != query.Card.Facts.SerialNumber)
            return RegistrationRejections.NotTheRegisteredOrganisationCertificate with { Field = nameof(CheckSittingOrganisationCard.AgencyCode) };
        return agency;
    }
}

/// <summary>授權指派 step 2: the typed ID is the registered manager's and the card just verified is the registered manager's card.</summary>
public sealed record CheckSittingManagerCard(
    [property: Display(Name = "授權管理者身分證統一編號")] string? ManagerNationalId,
    HandlerGrantAgency Agency,
    VerifiedCard Card) : IQuery<Outcome<HandlerGrantAgency>>;

public sealed class CheckSittingManagerCardValidator : AbstractValidator<CheckSittingManagerCard>
{
    public CheckSittingManagerCardValidator() => RuleFor(q => q.ManagerNationalId).MustBeNationalId();
}

public sealed class CheckSittingManagerCardHandler(NationalIdHashKey hashKey) : IQueryHandler<CheckSittingManagerCard, Outcome<HandlerGrantAgency>>
{
    public ValueTask<Outcome<HandlerGrantAgency>> Handle(CheckSittingManagerCard query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var id = NationalId.Parse(query.ManagerNationalId).Id!.Value;
        var field = nameof(CheckSittingManagerCard.ManagerNationalId);
        Outcome<HandlerGrantAgency> outcome =
            query.Card.Facts.NationalIdLastFour != id.LastFour || hashKey.Hash(id) != query.Agency.ManagerIdHash
                ? RegistrationRejections.ManagerIdMismatch with { Field = field }
                : query.Agency.ManagerIssuerKeyId != query.Card.Facts.IssuerKeyId || query.Agency.ManagerSerial != query.Card.Facts.SerialNumber
                    ? RegistrationRejections.NotTheRegisteredManager with { Field = field }
                    : query.Agency;
        return ValueTask.FromResult(outcome);
    }
}
