using Domain.Certificates;
using Domain.Common;
using Domain.Registration;

namespace Domain.People;

/// <summary>The form fields the person stream's rejections point at.</summary>
public static class PersonFields
{
    /// <summary>自訂帳號或身分證統一編號.</summary>
    public const string AccountOrNationalId = nameof(AccountOrNationalId);

    /// <summary>The card step (its PIN field shows card problems).</summary>
    public const string Certificate = nameof(Certificate);
}

/// <summary>The rules a citizen-certificate binding can break, each with its own zh-TW message.</summary>
public static class PersonRejections
{
    public static Rejection NotACitizenCertificate { get; } = new("not-a-citizen-certificate",
        "讀到的不是自然人憑證，請插入您本人的自然人憑證後再試一次。", PersonFields.Certificate);

    public static Rejection NotInPersonnelRecords { get; } = new("not-in-personnel-records",
        "公務人力資料庫中查無這個自訂帳號或身分證統一編號，請確認輸入是否正確後再試一次。", PersonFields.AccountOrNationalId);

    public static Rejection RecordNotYetEffective { get; } = new("record-not-yet-effective",
        "您的人事資料今天才報送入檔，明天起才能使用，請明天再辦理。", PersonFields.AccountOrNationalId);

    public static Rejection Departed { get; } = new("departed",
        "公務人力資料庫顯示這位人員已卸職，非現職人員無法使用本服務。如您仍在職，請洽服務機關人事單位將您的人事資料報送入檔。", PersonFields.AccountOrNationalId);

    public static Rejection NotTheOwner { get; } = new("not-the-certificate-owner",
        "這個自訂帳號或身分證統一編號的人員，與這張自然人憑證的持有人不是同一人，請確認輸入的是您本人的帳號或身分證統一編號。", PersonFields.AccountOrNationalId);

    public static Rejection BoundToAnotherPerson { get; } = new("certificate-bound-to-another-person",
        "這張自然人憑證已經綁定在另一位人員的帳號上，不能再綁定。如有疑問，請洽客服中心。", PersonFields.Certificate);
}

/// <summary>
/// The rules of a person's stream: bind a citizen certificate after the checks of the eCPA manual, in its order —
/// (1) in the personnel records (a record reported today is not yet in effect), (2) not departed, (3) owner of the
/// certificate (<see cref="CertificateOwnership"/>) — and then that no other person holds the certificate. The first
/// binding is <see cref="CitizenCertificateBound"/>; a different certificate later replaces it
/// (<see cref="CitizenCertificateReplaced"/>); the same certificate again decides nothing.
/// </summary>
public sealed class PersonDecider : IDecider<PersonCertificates, BindCitizenCertificate, PersonEvent>
{
    public static PersonCertificates Initial => PersonCertificates.Initial;

    public static PersonCertificates Evolve(PersonCertificates state, PersonEvent @event) => PersonCertificates.Evolve(state, @event);

    public static Decision<PersonEvent> Decide(BindCitizenCertificate command, PersonCertificates state)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(state);
        if (Check(command) is { } rejection)
            return rejection;

        var key = CertificateKey.Of(command.Certificate);
        if (state.CurrentKey == key)
            return Decision<PersonEvent>.Nothing;
        var person = command.Person;
        var info = CertificateInfos.Citizen(command.Certificate, command.CardNumber);
        return state.Current is { } previous
            ? Decision<PersonEvent>.Accept(new CitizenCertificateReplaced(
                command.PersonKey, person.MaskedNationalId!, person.Name!, previous.IssuerKeyId, previous.SerialNumber, info, command.Path, command.Actor, command.Now))
            : Decision<PersonEvent>.Accept(new CitizenCertificateBound(
                command.PersonKey, person.MaskedNationalId!, person.Name!, info, command.Path, command.Actor, command.Now));
    }

    /// <summary>The first rule the binding breaks, in the manual's order; null when none (pages call it to answer early).</summary>
    public static Rejection? Check(BindCitizenCertificate command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Certificate.Kind != CertificateKind.Citizen)
            return PersonRejections.NotACitizenCertificate;
        return command.Person.Status switch
        {
            RecordStatus.NotFound => PersonRejections.NotInPersonnelRecords,
            RecordStatus.NotYetEffective => PersonRejections.RecordNotYetEffective,
            RecordStatus.Departed => PersonRejections.Departed,
            _ when !CertificateOwnership.IsOwner(command.Certificate, command.Person.NationalIdLastFour, command.Person.Name) => PersonRejections.NotTheOwner,
            _ when command.CertificateHeldBy is { } holder && !string.Equals(holder, command.PersonKey, StringComparison.Ordinal) => PersonRejections.BoundToAnotherPerson,
            _ => null,
        };
    }
}
