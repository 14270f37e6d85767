using Domain.Common;
using Domain.Certificates;

namespace Domain.People;

/// <summary>What the personnel records say about the person on the day of the command.</summary>
public enum RecordStatus
{
    /// <summary>No record names the account or national ID.</summary>
    NotFound = 1,

    /// <summary>Reported today: the record counts from tomorrow.</summary>
    NotYetEffective = 2,

    Current = 3,

    /// <summary>卸職.</summary>
    Departed = 4,
}

/// <summary>The person as the personnel records show them today (looked up by the page from the account or ID typed).</summary>
/// <param name="NationalIdLastFour">The record's last four ID digits, compared with the certificate's.</param>
public sealed record PersonOnRecord(RecordStatus Status, string? Name, string? MaskedNationalId, string? NationalIdLastFour)
{
    public static PersonOnRecord NotFound { get; } = new(RecordStatus.NotFound, null, null, null);
}

/// <summary>Which page binds a certificate (recorded in the event).</summary>
public static class BindingPaths
{
    /// <summary>帳號資訊不存在 → 輸入自訂帳號或身分證號: the first citizen-card sign-in.</summary>
    public const string FirstSignIn = "first-sign-in";

    /// <summary>我要更新憑證: a renewed card.</summary>
    public const string UpdateCertificate = "update-certificate";

    /// <summary>我的專區 → 自然人憑證上傳, after a password sign-in.</summary>
    public const string MyArea = "my-area";
}

/// <summary>
/// Bind the citizen card verified in this step to the person the personnel records name, or replace the
/// certificate bound before (a renewed card). The checks run in the manual's order: in the records, not
/// departed, owner of the certificate; then the certificate must not be another person's.
/// </summary>
/// <param name="PersonKey">The keyed hash of the person's national ID: the stream is <c>person-{PersonKey}</c>.</param>
/// <param name="Actor">Who acts (the session's subject, or the card's certificate key during sign-in).</param>
/// <param name="Certificate">The validated certificate's facts from the card step.</param>
/// <param name="CertificateHeldBy">The person key the certificate is bound to now (a projection lookup), or null.</param>
/// <param name="Path">One of <see cref="BindingPaths"/>.</param>
public sealed record BindCitizenCertificate(
    Guid CommandId,
    string PersonKey,
    string Actor,
    DateTimeOffset Now,
    CertificateFacts Certificate,
    string? CardNumber,
    PersonOnRecord Person,
    string? CertificateHeldBy,
    string Path) : IStreamCommand<PersonDecider, PersonCertificates, BindCitizenCertificate, PersonEvent>
{
    private readonly DateTimeOffset now = Now.ToUniversalTime();

    /// <summary>The person's stream, <c>person-{PersonKey}</c>.</summary>
    public string StreamName => PersonCertificates.StreamName(PersonKey);

    public DateTimeOffset Now { get => now; init => now = value.ToUniversalTime(); }
}
