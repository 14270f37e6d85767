using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using ReadModels.Registration;
using Web.CardSteps;
using Web.Messaging;
using ReadModels.ReferenceData;

namespace Web.Pages.Registration;

/// <summary>
/// The facts from outside an agency's stream that registration commands carry (docs/domain.md, "Facts that enter
/// through commands"): the directory entry, who holds an organisation certificate now, the manager's personnel
/// record on the Taiwan day, the terms version in force and the next business day.
/// </summary>
public sealed class RegistrationFacts(
    AgencyDirectoryLookup directory,
    PersonnelLookup personnel,
    TermsOfUseLookup terms,
    OfficeCalendar calendar,
    RegisteredCertificatesQuery certificates,
    ReadModelWait readModels)
{
    public Task<AgencyDirectoryEntry?> DirectoryEntryAsync(AgencyCode agency, CancellationToken cancellationToken = default) =>
        directory.FindAsync(agency, cancellationToken);

    /// <summary>A verified organisation card with the agency's directory entry and the agency it is registered to now.</summary>
    public async Task<OrganisationCard> OrganisationCardAsync(AgencyCode agency, VerifiedCard card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new OrganisationCard(
            card.Facts, card.CardNumber, await directory.FindAsync(agency, cancellationToken), await OwnerAsync(CertificateKey.Of(card.Facts), cancellationToken));
    }

    /// <summary>
    /// A verified citizen card with the typed ID and that person's personnel record as of the Taiwan day of
    /// <paramref name="now"/>: the report of <paramref name="agency"/> when it has one (the manager must be its staff),
    /// else the person's standing elsewhere, which the rules then refuse as not the agency's staff.
    /// </summary>
    public async Task<ManagerCard> ManagerCardAsync(AgencyCode agency, VerifiedCard card, NationalId nationalId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        var today = RocDate.TaiwanDate(now);
        var lookup = await personnel.LookUpAsync(nationalId, today, cancellationToken);
        var report = lookup.EffectiveReports.FirstOrDefault(r => r.Agency == agency);
        if (report is null && lookup.Status != PersonnelLookupStatus.NotFound)
        {
            // Reported by the agency but not in effect yet (e.g. just moved here): the latest report lets the rule say
            // "from tomorrow" rather than "not our staff"; with no report of the agency at all, the standing elsewhere.
            var reports = await personnel.ReportsAsync(nationalId, cancellationToken);
            report = reports.Where(r => r.Agency == agency).MaxBy(r => r.ReportedOn) ?? lookup.Standing ?? reports.MaxBy(r => r.ReportedOn);
        }
        return new ManagerCard(card.Facts, card.CardNumber, nationalId, report?.ToRecord(nationalId));
    }

    /// <summary>The terms version in force now, with the version the user accepted; null when no version is in force.</summary>
    public async Task<TermsAcceptance?> TermsAsync(string? acceptedVersion, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await terms.InForceAsync(now, cancellationToken) is { } inForce ? new TermsAcceptance(acceptedVersion, inForce.Version) : null;

    public Task<TermsOfUseText?> TermsInForceAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => terms.InForceAsync(now, cancellationToken);

    /// <summary>The first business day after the Taiwan day of <paramref name="now"/>; null when the calendar does not reach it.</summary>
    public Task<DateOnly?> NextBusinessDayAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        calendar.NextBusinessDayAsync(RocDate.TaiwanDate(now), cancellationToken);

    /// <summary>
    /// The agency an organisation certificate is registered to, from the read model once it holds every event
    /// written so far (bounded wait), so a registration that just happened elsewhere is seen.
    /// </summary>
    private async Task<string?> OwnerAsync(CertificateKey certificate, CancellationToken cancellationToken)
    {
        // Behind (e.g. rebuilding) past the bound: answer from what it has; the directory OID check still guards the agency.
        await readModels.ForHeadAsync([RegisteredCertificatesProjection.ProjectionName], cancellationToken);
        return await certificates.OrganisationCertificateOwnerAsync(certificate, cancellationToken);
    }
}
