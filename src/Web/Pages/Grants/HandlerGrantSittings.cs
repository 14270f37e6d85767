using Domain.Certificates;
using Domain.Registration;
using EventStore.State;
using ReadModels.Grants;
using Web.Authentication;
using Web.CardSteps;

namespace Web.Pages.Grants;

/// <summary>
/// A manager's sitting at the grant pages: the registered agency, both cards this browser session verified for it
/// (organisation card, then the manager's) and when. Everything a grant command needs besides the form.
/// </summary>
public sealed record HandlerGrantSitting(HandlerGrantAgency Agency, CardSession Session)
{
    /// <summary>Who the events name as acting: the manager's card (<c>cert:{issuerKeyId}:{serial}</c>).</summary>
    public string Actor => PersonSessions.CardSubject(Session.ManagerCertificate);

    /// <summary>Whom a grant form's command id is sealed for (<see cref="Web.Messaging.FormCommandIds"/>): this manager's card at this agency.</summary>
    public string FormSubject => $"{Actor}@{Agency.AgencyCode}";
}

/// <summary>The grant forms' names, which their command ids are sealed with: a token of one form is no good on another.</summary>
public static class HandlerGrantForms
{
    public const string Add = "grants-add";

    public static string Edit(int grantNumber) => $"grants-edit:{grantNumber}";

    public static string Revoke(int grantNumber) => $"grants-revoke:{grantNumber}";
}

/// <summary>
/// The two card steps of 授權指派 (seed 004, 五(一) and (二)) and the sitting they open. The cards are remembered by
/// the card-step service per browser session; the sitting holds only while both were verified within
/// <see cref="RegistrationDecider.CardVerificationWindow"/> and are still the agency's registered certificates, which
/// every grant command checks again in the decider.
/// </summary>
/// <remarks>
/// A sitting left alone for <see cref="IdleTimeout"/> ends, and so does one its manager ends with 結束: either way the
/// browser session's verified cards are forgotten, so a shared PC does not keep a manager's sitting open.
/// </remarks>
public sealed class HandlerGrantSittings(CardStepService cardSteps, HandlerGrantAgencyQuery grants, IStateStore state, TimeProvider time)
{
    /// <summary>A sitting with no request for this long ends (its cards are forgotten).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(10);

    private const string ActivityKey = "activity";

    public static readonly CardStepDefinition OrganisationStep = new("grants-organisation-card", CertificateKind.Organisation)
    {
        TargetId = "grants-main",
        Heading = "機關憑證確認",
        Lead = "請將機關憑證 IC 卡放入讀卡機，輸入機關代號與機關憑證的 PIN 碼後按「確認」。",
        Handler = "VerifyOrganisation",
        Fields = [new CardStepField("Step.AgencyCode", "機關代號", "公保機關代號 5 碼，或機關代碼 7 至 10 碼。", MaxLength: 10)],
    };

    public static readonly CardStepDefinition ManagerStep = new("grants-manager-card", CertificateKind.Citizen)
    {
        TargetId = "grants-main",
        Heading = "授權管理者自然人憑證確認",
        Lead = "請放入授權管理者的自然人憑證 IC 卡，輸入授權管理者的身分證統一編號與 PIN 碼後按「確認」。",
        Handler = "VerifyManager",
        Fields = [new CardStepField("Step.ManagerNationalId", "授權管理者身分證統一編號", "英文字母加 9 位數字，例如 A123456789。", MaxLength: 10)],
    };

    /// <summary>The organisation card verified for the grant pages in this browser session, if still within the window.</summary>
    public VerifiedCard? OrganisationCard(HttpContext context) => Recent(context, OrganisationStep);

    /// <summary>The manager's card verified after the organisation card, if still within the window.</summary>
    public VerifiedCard? ManagerCard(HttpContext context) => Recent(context, ManagerStep);

    /// <summary>The agency the verified organisation card is registered to, or null.</summary>
    public async Task<HandlerGrantAgency?> AgencyOfAsync(VerifiedCard organisationCard, CancellationToken cancellationToken) =>
        await grants.AgencyOfOrganisationCertificateAsync(organisationCard.Facts.IssuerKeyId, organisationCard.Facts.SerialNumber, cancellationToken);

    /// <summary>The open sitting: both cards recent, the organisation card registered to an agency whose manager's card is the second card.</summary>
    public async Task<HandlerGrantSitting?> CurrentAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (OrganisationCard(context) is not { } organisation || ManagerCard(context) is not { } manager)
            return null;
        if (manager.VerifiedAt < organisation.VerifiedAt)
            return null;
        if (await AgencyOfAsync(organisation, cancellationToken) is not { } agency)
            return null;
        if (agency.ManagerIssuerKeyId != manager.Facts.IssuerKeyId || agency.ManagerSerial != manager.Facts.SerialNumber)
            return null;
        if (!KeepAlive(context, manager))
            return null;
        return new HandlerGrantSitting(agency, new CardSession(
            CertificateKey.Of(organisation.Facts), organisation.VerifiedAt, CertificateKey.Of(manager.Facts), manager.VerifiedAt));
    }

    /// <summary>結束: forgets the sitting and every card this browser session verified.</summary>
    public void End(HttpContext context)
    {
        cardSteps.ForgetVerifiedCards(context);
        if (BrowserSession.Find(context) is { } session)
            state.RemoveOwner(StateKinds.GrantSitting, session);
    }

    /// <summary>
    /// The sitting's last request is when its activity row was last renewed, or — before the first renewal, and after
    /// the row expired — when the manager's card was verified. Past <see cref="IdleTimeout"/> the sitting ends.
    /// </summary>
    private bool KeepAlive(HttpContext context, VerifiedCard manager)
    {
        if (BrowserSession.Find(context) is not { } session)
            return false;
        var now = time.GetUtcNow();
        var lastActivity = state.Find(StateKinds.GrantSitting, session, ActivityKey) is { } row ? row.ExpiresAt - IdleTimeout : manager.VerifiedAt;
        if (now - lastActivity > IdleTimeout)
        {
            End(context);
            return false;
        }
        state.Put(StateKinds.GrantSitting, session, ActivityKey, [], now + IdleTimeout);
        return true;
    }

    private VerifiedCard? Recent(HttpContext context, CardStepDefinition step)
    {
        var now = time.GetUtcNow();
        return cardSteps.VerifiedCards(context).FirstOrDefault(c =>
            c.Step == step.Name && c.VerifiedAt <= now && now - c.VerifiedAt <= RegistrationDecider.CardVerificationWindow);
    }
}
