using System.ComponentModel.DataAnnotations;
using Domain.Common;
using FluentValidation;
using Mediator;
using Web.CardSteps;
using Web.Messaging;
using Web.Validation;

namespace Web.Pages.Queries.CitizenSerial;

/// <summary>
/// 查詢自然人憑證序號: the serial of the citizen card just verified, for the person whose national ID was typed
/// with it. The ID must be well formed and its last four digits must be the ones the certificate carries.
/// </summary>
public sealed record FindCitizenCertificateSerial(
    [property: Display(Name = "身分證統一編號")] string? NationalId,
    VerifiedCard Card) : IQuery<Outcome<CitizenCertificateSerial>>;

/// <summary>What the query shows: the holder's name, the ID masked, the certificate's serial and validity, the card number.</summary>
/// <param name="CardNumber">Read by the signer from the card; shown as the card reports it, never relied on.</param>
/// <param name="Signer">What signed the card step (shown beside the card number).</param>
public sealed record CitizenCertificateSerial(
    string Name, string MaskedNationalId, string SerialNumber, string IssuerDn, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string? CardNumber,
    Web.CardSteps.CardSigner Signer = Web.CardSteps.CardSigner.Agent);

public sealed class FindCitizenCertificateSerialValidator : AbstractValidator<FindCitizenCertificateSerial>
{
    public FindCitizenCertificateSerialValidator() => RuleFor(q => q.NationalId).MustBeNationalId();
}

public sealed class FindCitizenCertificateSerialHandler : IQueryHandler<FindCitizenCertificateSerial, Outcome<CitizenCertificateSerial>>
{
    public const string NotTheCardHolder = "NATIONAL_ID_NOT_CARD_HOLDER";

    public ValueTask<Outcome<CitizenCertificateSerial>> Handle(FindCitizenCertificateSerial query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var id = NationalId.Parse(query.NationalId).Id!.Value;
        var facts = query.Card.Facts;
        if (!string.Equals(facts.NationalIdLastFour, id.LastFour, StringComparison.Ordinal))
        {
            return ValueTask.FromResult(Outcome<CitizenCertificateSerial>.Rejected(
                NotTheCardHolder,
                "輸入的身分證統一編號與這張自然人憑證不符（末四碼不同）。請確認輸入的是卡片持有人的身分證統一編號，或改插本人的自然人憑證。",
                nameof(FindCitizenCertificateSerial.NationalId)));
        }
        return ValueTask.FromResult<Outcome<CitizenCertificateSerial>>(new CitizenCertificateSerial(
            facts.CommonName ?? facts.SubjectDn, id.Masked, facts.SerialNumber, facts.IssuerDn, facts.NotBefore, facts.NotAfter, query.Card.CardNumber, query.Card.Signer));
    }
}
