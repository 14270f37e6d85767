using Domain.Common;
using Domain.Registration;
using Mediator;
using ReadModels.Ecpa;
using ReadModels.People;
using Web.Authentication;
using Web.CardSteps;
using Web.Messaging;
using ReadModels.ReferenceData;

namespace Web.Pages.Account.SignIn;

/// <summary>The messages of card sign-in beyond the card step's own (which names invalid, expired, revoked and test certificates, PIN and lock).</summary>
public static class CardSignInMessages
{
    private const string Field = CardStepMessages.PinField;

    /// <summary>The card's person is no longer current (or their record no longer counts): no session.</summary>
    public static Rejection PersonNotCurrent { get; } = new("PERSON_NOT_CURRENT",
        "公務人力資料庫中已查無您的現職資料（可能為卸職狀態，或資料尚未生效），無法以自然人憑證登入。如為現職人員，請洽服務機關人事單位報送資料。", Field);

    /// <summary>機關憑證驗證回傳之代碼不存在於機關代碼檔.</summary>
    public static Rejection AgencyUnknown(string? identifier) => new("AGENCY_UNKNOWN",
        $"這張機關憑證的{(identifier is null ? "識別碼" : Domain.Certificates.OrganisationIdentifier.Describe(identifier))}不在本服務的機關代碼檔中，無法登入。如貴機關已申請機關代碼，請洽客服中心確認。", Field);

    /// <summary>A known agency's card that no personnel officer uploaded yet.</summary>
    public static Rejection OrganisationCertificateNotUploaded { get; } = new("ORGANISATION_CERTIFICATE_NOT_UPLOADED",
        "這張機關憑證尚未上傳到本服務。請由貴機關的人事人員以帳號密碼登入，在「機關憑證上傳」完成上傳後，再以機關憑證登入。", Field);
}

/// <summary>Sign in with a verified citizen card: the session of the person it is bound to, or none when it is not bound yet.</summary>
public sealed record SignInWithCitizenCard(VerifiedCard Card) : IQuery<Outcome<CitizenCardSignIn>>;

/// <summary><see cref="Session"/> is null when no person holds the certificate yet (帳號資訊不存在: the first-sign-in wizard follows).</summary>
public sealed record CitizenCardSignIn(SignedInUser? Session);

public sealed class SignInWithCitizenCardHandler(CitizenCertificateIndex certificates, PersonnelLookup personnel, PersonSessions sessions)
    : IQueryHandler<SignInWithCitizenCard, Outcome<CitizenCardSignIn>>
{
    public async ValueTask<Outcome<CitizenCardSignIn>> Handle(SignInWithCitizenCard query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var key = CertificateKey.Of(query.Card.Facts);
        if (await certificates.FindActiveAsync(key.IssuerKeyId, key.SerialNumber, cancellationToken) is not { } binding)
            return new CitizenCardSignIn(null);
        var person = await personnel.LookUpByIdHashAsync(binding.PersonKey, sessions.Today, cancellationToken);
        if (!person.IsCurrent)
            return CardSignInMessages.PersonNotCurrent;
        return new CitizenCardSignIn(await sessions.ForCitizenCardAsync(person, query.Card.Facts, cancellationToken));
    }
}

/// <summary>Sign in with a verified organisation card: the agency user session of the agency the card was uploaded for.</summary>
public sealed record SignInWithOrganisationCard(VerifiedCard Card) : IQuery<Outcome<SignedInUser>>;

/// <summary>
/// The agency must be known (the certificate's agency OID in the directory) and the card uploaded (bound to an agency
/// code by a personnel officer); the session then acts for that agency only.
/// </summary>
public sealed class SignInWithOrganisationCardHandler(AgencyDirectoryLookup directory, OrganisationCertificateIndex certificates, TimeProvider time)
    : IQueryHandler<SignInWithOrganisationCard, Outcome<SignedInUser>>
{
    public async ValueTask<Outcome<SignedInUser>> Handle(SignInWithOrganisationCard query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var facts = query.Card.Facts;
        // The card's organisation OID, or a MOEACA company card's business number (docs/domain.md).
        if (facts.OrganisationIdentifier is not { } oid || (await directory.FindByOidAsync(oid, cancellationToken)).Count == 0)
            return CardSignInMessages.AgencyUnknown(facts.OrganisationIdentifier);
        var key = CertificateKey.Of(facts);
        if (await certificates.FindActiveAsync(key.IssuerKeyId, key.SerialNumber, cancellationToken) is not { } binding)
            return CardSignInMessages.OrganisationCertificateNotUploaded;
        if (await directory.FindAsync(Domain.ReferenceData.AgencyCode.Of(binding.AgencyCode), cancellationToken) is not { } agency)
            return CardSignInMessages.AgencyUnknown(oid);
        return new SignedInUser(PersonSessions.CardSubject(key), agency.Name, SignInMethods.OrganisationCard, [Roles.AgencyUser], [agency.Code.Value],
            time.GetUtcNow(), Certificate: key.ToString());
    }
}
