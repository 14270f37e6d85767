using System.Text.RegularExpressions;
using Domain.Accounts;
using Domain.Common;
using Domain.People;
using Domain.ReferenceData;
using Domain.Registration;
using Mediator;
using ReadModels.People;
using Web.Authentication;
using Web.CardSteps;
using Web.Messaging;
using ReadModels.ReferenceData;

namespace Web.Pages.Account;

/// <summary>Who a citizen card is to be bound to: typed (self-chosen account or national ID) or known from the session.</summary>
/// <param name="Typed">What the person typed (first sign-in: account or ID; update: ID only).</param>
/// <param name="NationalIdOnly">Only a national ID is accepted (我要更新憑證).</param>
/// <param name="PersonKey">The session's person (my area), instead of anything typed.</param>
/// <param name="Field">The form field rejections about the person are shown at.</param>
public sealed record PersonReference(string? Typed, bool NationalIdOnly, string? PersonKey, string Field)
{
    public static PersonReference Session(string personKey) => new(null, false, personKey, PersonFields.AccountOrNationalId);
}

/// <summary>
/// Bind the citizen card verified in this browser session to a person (the three paths of the manuals: first
/// card sign-in, 我要更新憑證, 我的專區 → 自然人憑證上傳). The checks and their order are the person stream's
/// (<see cref="PersonDecider"/>); the facts they need are looked up here.
/// </summary>
public sealed record BindCardToPerson(VerifiedCard Card, PersonReference Person, string Path, string Actor) : ICommand<Outcome<BoundCard>>;

/// <summary>The binding done (or already in place) and the person as the records show them today.</summary>
/// <param name="NotShownNotice">Set while card sign-in does not know the binding yet.</param>
public sealed record BoundCard(PersonnelLookupResult Person, bool Replaced, bool AlreadyBound, string? NotShownNotice);

public sealed partial class BindCardToPersonHandler(
    PersonnelLookup personnel,
    CitizenCertificateIndex certificates,
    CommandPipeline pipeline,
    PersonSessions sessions,
    TimeProvider time) : ICommandHandler<BindCardToPerson, Outcome<BoundCard>>
{
    public async ValueTask<Outcome<BoundCard>> Handle(BindCardToPerson command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var field = command.Person.Field;
        var found = await FindAsync(command.Person, cancellationToken);
        if (!found.TryGetValue(out var person))
            return Outcome<BoundCard>.FromRejections(found.Rejections);

        var key = CertificateKey.Of(command.Card.Facts);
        var heldBy = (await certificates.FindActiveAsync(key.IssuerKeyId, key.SerialNumber, cancellationToken))?.PersonKey;
        var bind = new BindCitizenCertificate(
            Guid.CreateVersion7(), person.Standing?.IdHash ?? "", command.Actor, time.GetUtcNow(), command.Card.Facts, command.Card.CardNumber,
            OnRecord(person), heldBy, command.Path);
        // Refused before the stream is touched: "not in the records" has no person to name a stream after.
        if (PersonDecider.Check(bind) is { } refused)
            return AtField(refused, field);

        // The next card sign-in asks the index: the pipeline waits until it sees this binding.
        var outcome = await pipeline.SendAsync(bind, [CitizenCertificatesProjection.ProjectionName], cancellationToken);
        if (!outcome.TryGetValue(out var recorded))
            return Outcome<BoundCard>.FromRejections(outcome.Rejections.Select(r => AtField(r, field)).ToList());
        return recorded.Changed
            ? new BoundCard(person, recorded.Events.Any(e => e is CitizenCertificateReplaced), false, recorded.NotShownNotice)
            : new BoundCard(person, false, true, null);
    }

    private async Task<Outcome<PersonnelLookupResult>> FindAsync(PersonReference reference, CancellationToken cancellationToken)
    {
        var today = sessions.Today;
        if (reference.PersonKey is { } personKey)
            return await personnel.LookUpByIdHashAsync(personKey, today, cancellationToken);

        var typed = (reference.Typed ?? "").Trim();
        if (typed.Length == 0)
        {
            return new Rejection("PERSON_MISSING",
                reference.NationalIdOnly ? "請輸入身分證統一編號。" : "請輸入自訂帳號或身分證統一編號。", reference.Field);
        }

        var id = NationalId.Parse(typed);
        if (id.Id is { } nationalId)
            return await personnel.LookUpAsync(nationalId, today, cancellationToken);
        if (reference.NationalIdOnly || IdShape().IsMatch(typed))
            return new Rejection("NATIONAL_ID_INVALID", id.Message!, reference.Field);
        if (AccountName.Parse(typed).Name is not { } account)
            return new Rejection("ACCOUNT_FORMAT", "自訂帳號由英文字母、數字、點、底線或連字號組成；沒有自訂帳號的人員請輸入身分證統一編號。", reference.Field);
        return await personnel.LookUpByAccountAsync(account.Value, today, cancellationToken);
    }

    private static PersonOnRecord OnRecord(PersonnelLookupResult person) => person.Status switch
    {
        PersonnelLookupStatus.NotFound => PersonOnRecord.NotFound,
        PersonnelLookupStatus.NotYetEffective => new PersonOnRecord(RecordStatus.NotYetEffective, null, null, null),
        _ => new PersonOnRecord(
            person.IsCurrent ? RecordStatus.Current : RecordStatus.Departed,
            person.Standing!.Name, person.Standing.MaskedId, person.Standing.IdLastFour),
    };

    /// <summary>Puts a person-stream rejection at the page's own field for the person.</summary>
    private static Rejection AtField(Rejection rejection, string field) =>
        rejection.Field == PersonFields.AccountOrNationalId ? rejection with { Field = field } : rejection;

    // A letter and nine digits: meant as a national ID, so a bad one gets the ID's own message rather than "no such account".
    [GeneratedRegex("^[A-Za-z][0-9]{9}$")]
    private static partial Regex IdShape();
}
