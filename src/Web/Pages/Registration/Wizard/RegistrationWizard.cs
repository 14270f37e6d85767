using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;

namespace Web.Pages.Registration.Wizard;

/// <summary>Where a registration wizard stands: the step the browser sees now.</summary>
public enum WizardStep
{
    /// <summary>同意條款: read and accept the terms of use.</summary>
    Terms = 1,

    /// <summary>機關憑證確認: agency code and the organisation card.</summary>
    OrganisationCard = 2,

    /// <summary>The organisation card's OID does not match: the applicant may leave a name and phone for review.</summary>
    ReviewRequest = 3,

    /// <summary>A review case is open: nothing more to do until it is decided.</summary>
    ReviewRequested = 4,

    /// <summary>自然人憑證確認: the manager's national ID and citizen card.</summary>
    ManagerCard = 5,

    /// <summary>資料確認: both certificates shown, contact details asked.</summary>
    Confirm = 6,

    /// <summary>完成: the registration or swap is recorded.</summary>
    Done = 7,
}

/// <summary>How a step is named in the wizard's address (<c>/Registration/First/{run}?step=manager</c>).</summary>
public static class WizardSteps
{
    public static string Slug(WizardStep step) => step switch
    {
        WizardStep.Terms => "terms",
        WizardStep.OrganisationCard => "organisation",
        WizardStep.ReviewRequest or WizardStep.ReviewRequested => "review",
        WizardStep.ManagerCard => "manager",
        WizardStep.Confirm => "confirm",
        _ => "done",
    };

    /// <summary>The step an address names; null for none or an unknown name.</summary>
    public static WizardStep? Parse(string? slug) => slug switch
    {
        "terms" => WizardStep.Terms,
        "organisation" => WizardStep.OrganisationCard,
        "manager" => WizardStep.ManagerCard,
        "confirm" => WizardStep.Confirm,
        _ => null,
    };

    /// <summary>
    /// The step to show when the address asks for <paramref name="requested"/> of a run standing at <paramref name="current"/>:
    /// an earlier step of the way (Back), else where the run stands (reload, or a step not reached yet). A run that is done,
    /// or waiting for its review, stays there.
    /// </summary>
    public static WizardStep Shown(WizardStep current, WizardStep? requested) =>
        requested is { } step && step < current && current is not (WizardStep.Done or WizardStep.ReviewRequested) ? step : current;
}

/// <summary>
/// One run through 首次註冊 or a swap (one per browser tab that started it), kept on the server (never in fields the user could alter): the
/// terms version shown and accepted, the agency, which cards passed their steps, the manager's ID, the stream
/// version the confirmation was built from and the command id that makes a resend append nothing. The cards'
/// facts themselves stay with the card-step service's verified cards.
/// </summary>
/// <param name="Id">The run's id: the correlation id of the events it writes.</param>
public sealed record RegistrationWizard(Guid Id, RegistrationFlow Flow, WizardStep Step)
{
    /// <summary>The terms version the terms step showed (what "同意" accepts).</summary>
    public string? ShownTermsVersion { get; init; }

    public string? AcceptedTermsVersion { get; init; }

    public AgencyCode? Agency { get; init; }

    public string? AgencyName { get; init; }

    /// <summary>The organisation card that passed its step (looked up again in the verified cards by this key).</summary>
    public CertificateKey? OrganisationCard { get; init; }

    public CertificateKey? ManagerCard { get; init; }

    /// <summary>Typed at the manager step; kept in memory only, never rendered back whole.</summary>
    public NationalId? ManagerNationalId { get; init; }

    /// <summary>The agency's stream version when the confirmation page was built.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>The confirmation's command id (<see cref="Guid.CreateVersion7()"/>): every send of this confirmation uses it.</summary>
    public Guid? ConfirmCommandId { get; init; }

    /// <summary>The review request's command id, so a resent request opens no second case.</summary>
    public Guid? ReviewCommandId { get; init; }

    /// <summary>What the confirmation and result pages show.</summary>
    public WizardSummary? Summary { get; init; }

    /// <summary>The registered contact, offered again on an organisation swap (same manager).</summary>
    public ManagerContact? ContactOnFile { get; init; }

    /// <summary>A both-cards swap recorded as requested: when it takes effect and who was told (the result page says so).</summary>
    public PendingSwapShown? PendingSwap { get; init; }

    /// <summary>The open review case after a request.</summary>
    public ReviewCaseOpened? ReviewCase { get; init; }

    public static RegistrationWizard Start(RegistrationFlow flow, string? termsVersion) =>
        new(Guid.CreateVersion7(), flow, WizardStep.Terms) { ShownTermsVersion = termsVersion };
}

/// <summary>What the result page of a both-cards swap says: when it takes effect and who was told (IDs masked).</summary>
public sealed record PendingSwapShown(int RequestNumber, DateTimeOffset EffectiveAt, string PreviousManagerName, string PreviousManagerMaskedId, string ContactName, string ContactEmail)
{
    public static PendingSwapShown Of(BothCertificatesSwapRequested requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        return new(
            requested.RequestNumber, requested.EffectiveAt, requested.PreviousContact.Name,
            NationalId.Parse(requested.PreviousManagerNationalId).Id?.Masked ?? "", requested.PreviousContact.Name, requested.PreviousContact.Email);
    }
}

/// <summary>The review case a request opened (or found open), and the desk that answers it.</summary>
public sealed record ReviewCaseOpened(int CaseNumber, string ReviewDesk);

/// <summary>One certificate as the confirmation shows it (機關(組織)憑證資訊 / 授權管理者自然人憑證資訊).</summary>
/// <param name="IssuerName">The issuing CA's name (政府憑證管理中心 …), for 卡別.</param>
public sealed record CertificateSummary(
    string SerialNumber, string SubjectDn, string IssuerName, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string? CardNumber);

/// <summary>Both certificates of a confirmation, the agency, and what a swap replaces.</summary>
/// <param name="ManagerMaskedId">A12****789: the ID is never shown whole.</param>
/// <param name="PreviousOrganisationSerial">The registered organisation certificate a swap replaces, else null.</param>
/// <param name="PreviousManagerSerial">The registered manager certificate a swap replaces, else null.</param>
public sealed record WizardSummary(
    string AgencyCode,
    string AgencyName,
    string AgencyOid,
    CertificateSummary Organisation,
    string ManagerMaskedId,
    string? ManagerName,
    CertificateSummary Manager,
    string? PreviousOrganisationSerial,
    string? PreviousManagerSerial);
