using Domain.Common;
using Domain.ReferenceData;
using static Domain.Registration.RegistrationRejections;

namespace Domain.Registration;

// Handler grants (授權指派) live in the agency's registration stream, so that a grant can never
// outlive or precede the registration it depends on, and swaps leave them untouched.
public sealed partial class RegistrationDecider
{
    /// <summary>
    /// How recently both the organisation card and the manager's card must have been verified in the
    /// session for a grant change: the length of one sitting at the grant pages, short enough that a
    /// walked-away browser cannot be used to grant rights.
    /// </summary>
    public static readonly TimeSpan CardVerificationWindow = TimeSpan.FromMinutes(20);

    /// <summary>A handler's details read and checked: canonical serial, trimmed name, functions in catalogue order, and the
    /// issuer of the card read (null for a typed serial).</summary>
    private sealed record HandlerInput(string Serial, string Name, string NationalId, IReadOnlyList<string> Functions, string? IssuerKeyId);

    private static Decision<RegistrationEvent> Issue(IssueHandlerGrant c, AgencyRegistration state, RegisteredAgency registered)
    {
        if (Session(c.Session, registered, c.Now) is { } sessionRejection)
            return sessionRejection;
        var (input, invalid) = ReadHandler(c.Handler, c.Catalogue);
        if (input is null)
            return invalid!;
        if (state.ActiveGrantFor(input.Serial) is { } existing)
            return Holds(existing, input) ? Nothing : SerialAlreadyGranted;
        return Decision<RegistrationEvent>.Accept(new HandlerGrantIssued(
            c.Agency.Value, state.Grants.Count + 1, input.Serial, input.Name, input.NationalId, input.Functions,
            c.Catalogue.Version, Authorisation(c.Session), c.Actor, c.Now, input.IssuerKeyId));
    }

    private static Decision<RegistrationEvent> Modify(ModifyHandlerGrant c, AgencyRegistration state, RegisteredAgency registered)
    {
        if (Session(c.Session, registered, c.Now) is { } sessionRejection)
            return sessionRejection;
        if (state.Grants.GetValueOrDefault(c.GrantNumber) is not { } grant)
            return HandlerGrantNotFound(c.GrantNumber);
        if (grant.IsRevoked)
            return HandlerGrantIsRevoked(c.GrantNumber);
        var (input, invalid) = ReadHandler(c.Handler, c.Catalogue);
        // A typed serial that stays the grant's keeps the issuer the grant holds; a new serial typed has none.
        if (input is { IssuerKeyId: null } && input.Serial == grant.CertificateSerial)
            input = input with { IssuerKeyId = grant.IssuerKeyId };
        if (input is not null && Holds(grant, input))
            return Nothing;
        if (Stale(c.ExpectedVersion, state) is { } stale)
            return stale;
        if (input is null)
            return invalid!;
        if (state.ActiveGrantFor(input.Serial) is { } other && other.GrantNumber != grant.GrantNumber)
            return SerialAlreadyGranted;
        return Decision<RegistrationEvent>.Accept(new HandlerGrantModified(
            c.Agency.Value, grant.GrantNumber, input.Serial, input.Name, input.NationalId, input.Functions,
            c.Catalogue.Version, Authorisation(c.Session), c.Actor, c.Now, input.IssuerKeyId));
    }

    private static Decision<RegistrationEvent> Revoke(RevokeHandlerGrant c, AgencyRegistration state, RegisteredAgency registered)
    {
        if (Session(c.Session, registered, c.Now) is { } sessionRejection)
            return sessionRejection;
        if (state.Grants.GetValueOrDefault(c.GrantNumber) is not { } grant)
            return HandlerGrantNotFound(c.GrantNumber);
        if (grant.IsRevoked)
            return Nothing;
        return Unless(
            Stale(c.ExpectedVersion, state)
            ?? ContactRules.Text(c.Reason, "reason", "刪除原因", ContactRules.ReasonMaxLength, RegistrationFields.Reason),
            () => new HandlerGrantRevoked(c.Agency.Value, grant.GrantNumber, ContactRules.Clean(c.Reason)!, Authorisation(c.Session), c.Actor, c.Now));
    }

    /// <summary>Both cards of the session are the registered ones and were verified within <see cref="CardVerificationWindow"/>.</summary>
    private static Rejection? Session(CardSession session, RegisteredAgency registered, DateTimeOffset now)
    {
        static bool Recent(DateTimeOffset verifiedAt, DateTimeOffset now) => verifiedAt <= now && now - verifiedAt <= CardVerificationWindow;

        if (session.OrganisationCertificate != registered.OrganisationKey)
            return NotTheRegisteredOrganisationCertificate;
        if (session.ManagerCertificate != registered.ManagerKey)
            return NotTheRegisteredManager;
        return Recent(session.OrganisationVerifiedAt, now) && Recent(session.ManagerVerifiedAt, now)
            ? null
            : CardSessionExpired(CardVerificationWindow);
    }

    /// <summary>Checks the handler form in field order and returns the canonical input, or the first broken rule.</summary>
    private static (HandlerInput? Input, Rejection? Rejection) ReadHandler(HandlerDetails handler, FunctionCatalogue catalogue)
    {
        var rejection =
            HandlerFieldRules.Serial(handler.CertificateSerial)
            ?? HandlerFieldRules.Name(handler.Name)
            ?? (handler.CertificateLastFour is { } lastFour && lastFour != handler.NationalId.LastFour ? HandlerIdMismatch : null)
            ?? HandlerFieldRules.Functions(handler.FunctionCodes, catalogue);
        return rejection is null
            ? (new HandlerInput(CertificateSerial.Normalise(handler.CertificateSerial)!, ContactRules.Clean(handler.Name)!, handler.NationalId.Value,
                catalogue.InCatalogueOrder(handler.FunctionCodes.Select(f => f.Trim())), IssuerKeyIdOf(handler.CertificateIssuerKeyId)), null)
            : (null, rejection);
    }

    /// <summary>An issuer key id as <see cref="CertificateKey"/> compares it (trimmed, upper case), or null when none was read.</summary>
    private static string? IssuerKeyIdOf(string? issuerKeyId) =>
        string.IsNullOrWhiteSpace(issuerKeyId) ? null : new CertificateKey(issuerKeyId, "").IssuerKeyId;

    /// <summary>Whether the grant already says exactly what the input asks for (a typed serial asks for no issuer in particular).</summary>
    private static bool Holds(HandlerGrant grant, HandlerInput input) =>
        grant.CertificateSerial == input.Serial
        && (input.IssuerKeyId is null || grant.IssuerKeyId == input.IssuerKeyId)
        && grant.Name == input.Name
        && grant.NationalId == input.NationalId
        && grant.FunctionCodes.SequenceEqual(input.Functions);

    private static GrantAuthorisation Authorisation(CardSession session) => new(
        session.OrganisationCertificate.IssuerKeyId,
        session.OrganisationCertificate.SerialNumber,
        session.OrganisationVerifiedAt.ToUniversalTime(),
        session.ManagerCertificate.IssuerKeyId,
        session.ManagerCertificate.SerialNumber,
        session.ManagerVerifiedAt.ToUniversalTime());
}

/// <summary>
/// The handler form's rules one field at a time, so the grant pages can show every field's error in one answer while
/// the decider keeps them as its own (it stops at the first).
/// </summary>
public static class HandlerFieldRules
{
    public static Rejection? Serial(string? serial) =>
        CertificateSerial.Normalise(serial) is not null ? null
        : ContactRules.Clean(serial) is null ? SerialRequired
        : SerialInvalid;

    public static Rejection? Name(string? name) =>
        ContactRules.Text(name, "handler-name", "經辦人姓名", ContactRules.NameMaxLength, RegistrationFields.HandlerName);

    public static Rejection? Functions(IReadOnlyList<string> codes, FunctionCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(catalogue);
        var trimmed = codes.Select(f => f.Trim()).Where(f => f.Length > 0).ToList();
        if (trimmed.Count == 0)
            return FunctionsRequired;
        foreach (var code in trimmed)
        {
            if (catalogue.Find(code) is not { } function)
                return FunctionUnknown(code, catalogue.Version);
            if (!catalogue.IsGrantable(code))
                return FunctionNotGrantable(function.Name);
        }
        return null;
    }
}
