using System.ComponentModel.DataAnnotations;
using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Mediator;
using Web.CardSteps;
using Web.Messaging;
using Web.Validation;

namespace Web.Pages.Registration.Wizard;

/// <summary>
/// 自然人憑證確認: after the card step verified the manager's card, does the typed national ID belong to it, is the
/// person current in the personnel records, and is it the card this flow expects (new, or the registered manager's)?
/// </summary>
public sealed record CheckManagerCard(
    RegistrationFlow Flow,
    AgencyCode Agency,
    [property: Display(Name = "授權管理者身分證統一編號")] string? ManagerNationalId,
    VerifiedCard Card) : IQuery<Outcome<ManagerCardChecked>>
{
    // The typed ID is personal data: records print it masked.
    public override string ToString() => $"CheckManagerCard {{ Flow = {Flow}, Agency = {Agency}, Card = {Card.Facts.SerialNumber} }}";
}

/// <param name="Registered">The registration in force (swaps), or null.</param>
/// <param name="Version">The agency's stream version the check read: the confirmation is built from it.</param>
public sealed record ManagerCardChecked(NationalId NationalId, RegisteredAgency? Registered, long Version);

public sealed class CheckManagerCardValidator : AbstractValidator<CheckManagerCard>
{
    public CheckManagerCardValidator() => RuleFor(q => q.ManagerNationalId).MustBeNationalId();
}

public sealed class CheckManagerCardHandler(RegistrationFacts facts, CommandPipeline pipeline, TimeProvider time)
    : IQueryHandler<CheckManagerCard, Outcome<ManagerCardChecked>>
{
    public async ValueTask<Outcome<ManagerCardChecked>> Handle(CheckManagerCard query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = time.GetUtcNow();
        var id = NationalId.Parse(query.ManagerNationalId).Id!.Value;
        var card = await facts.ManagerCardAsync(query.Agency, query.Card, id, now, cancellationToken);
        var state = await pipeline.LoadRegistrationAsync(query.Agency, cancellationToken);
        return RegistrationCardChecks.CheckManagerCard(state, query.Flow, query.Agency, card, now) is { } rejection
            ? rejection
            : new ManagerCardChecked(id, state.Registered, state.Version);
    }
}
