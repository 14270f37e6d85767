using System.ComponentModel.DataAnnotations;
using Domain.Common;
using Domain.ReferenceData;
using FluentValidation;
using Mediator;
using Web.Authentication;
using Web.Messaging;
using ReadModels.ReferenceData;
using Web.Validation;

namespace Web.Pages.Ecpa.Accounts;

/// <summary>查詢人員自訂帳號: the self-chosen account of a person of this agency, by national ID.</summary>
public sealed record FindPersonAccount(string Agency, [property: Display(Name = "員工身分證統一編號")] string? NationalId) : IQuery<Outcome<PersonAccount>>;

/// <summary>Who was found: masked ID, name and the self-chosen account (null when they have none).</summary>
public sealed record PersonAccount(string MaskedNationalId, string Name, string? Account);

public sealed class FindPersonAccountValidator : AbstractValidator<FindPersonAccount>
{
    public FindPersonAccountValidator() => RuleFor(q => q.NationalId).MustBeNationalId();
}

/// <summary>
/// Only the agency's own current staff (a current report in effect today at this agency) are answered; anyone
/// else gets one message, so the page reveals nothing about people of other agencies.
/// </summary>
public sealed class FindPersonAccountHandler(PersonnelLookup personnel, PersonSessions sessions) : IQueryHandler<FindPersonAccount, Outcome<PersonAccount>>
{
    public static Rejection NotInAgency { get; } = new("PERSON_NOT_IN_AGENCY", "本機關的現職人員中查無這個身分證統一編號。", "NationalId");

    public async ValueTask<Outcome<PersonAccount>> Handle(FindPersonAccount query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var id = NationalId.Parse(query.NationalId).Id!.Value;
        var person = await personnel.LookUpAsync(id, sessions.Today, cancellationToken);
        var here = person.EffectiveReports.FirstOrDefault(r => r.Agency.Value == query.Agency && r.Status == EmploymentStatus.Current);
        return here is null ? NotInAgency : new PersonAccount(here.MaskedId, here.Name, here.Account);
    }
}
