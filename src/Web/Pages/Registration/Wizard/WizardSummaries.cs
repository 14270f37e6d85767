using Domain.Certificates;
using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using Web.CardSteps;

namespace Web.Pages.Registration.Wizard;

/// <summary>Builds what the confirmation and result pages show from the two verified cards.</summary>
public static class WizardSummaries
{
    public static WizardSummary Of(
        AgencyCode agency, string agencyName, VerifiedCard organisation, VerifiedCard manager, NationalId managerId, RegisteredAgency? registered, WizardFlow flow)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(flow);
        return new WizardSummary(
            agency.Value,
            agencyName,
            organisation.Facts.OrganisationIdentifier ?? "",
            Certificate(organisation),
            managerId.Masked,
            manager.Facts.CommonName,
            Certificate(manager),
            flow.NewOrganisationCard ? registered?.OrganisationCertificate.SerialNumber : null,
            flow.NewManagerCard ? registered?.ManagerCertificate.SerialNumber : null);
    }

    /// <summary>卡別: the kind of card and the CA that issued it, e.g. 機關憑證（政府憑證管理中心）.</summary>
    public static string CardKind(CertificateKind kind, string issuerName) =>
        $"{CardStepMessages.KindName(kind)}（{issuerName}）";

    private static CertificateSummary Certificate(VerifiedCard card) =>
        new(card.Facts.SerialNumber, card.Facts.SubjectDn, IssuerName(card.Facts.IssuerDn), card.Facts.NotBefore, card.Facts.NotAfter, card.CardNumber);

    /// <summary>The CA's name: the value of its most specific RDN (OU=政府憑證管理中心,O=行政院,C=TW → 政府憑證管理中心).</summary>
    private static string IssuerName(string issuerDn)
    {
        var first = issuerDn.Split(',', 2)[0];
        var equals = first.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? issuerDn : first[(equals + 1)..].Replace("\\", "", StringComparison.Ordinal);
    }
}
