using System.Text;
using Domain.Common;
using Domain.ReferenceData;
using EventStore;
using ReadModels.ReferenceData;
using Web.Messaging;
using TestPki;
using Web.ReferenceData;

namespace DemoHost.DemoData;

/// <summary>What the demo seeding did: the imports it appended (none when the store already had reference data).</summary>
public sealed record DemoSeedResult(IReadOnlyList<ImportReceipt> Imports)
{
    public bool Seeded => Imports.Count > 0;
}

/// <summary>
/// Puts the demo reference data into a store through the administrator's import path (the same checks, the same
/// events, actor <see cref="Actor"/>), and writes the extra demo cards. Browser tests call
/// <see cref="SeedReferenceDataAsync"/> on a running service to get the same agencies, people and calendar.
/// </summary>
public static class DemoDataSeeder
{
    /// <summary>Who the demo imports are recorded as.</summary>
    public const string Actor = "demo-data";

    /// <summary>The version label of every demo import.</summary>
    public const string VersionLabel = "demo";

    /// <summary>
    /// Imports the demo reference data when the store has no reference data at all, then waits until the query
    /// models show it. <paramref name="pki"/> defaults to the cached test PKI (seed 2026).
    /// </summary>
    public static async Task<DemoSeedResult> SeedReferenceDataAsync(IServiceProvider services, PkiManifest? pki = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var store = services.GetRequiredService<IEventStore>();
        if (await HasReferenceDataAsync(store, cancellationToken))
            return new DemoSeedResult([]);
        var time = services.GetRequiredService<TimeProvider>();
        var files = DemoReferenceData.Build(pki ?? TestPkiCache.Get(), RocDate.TaiwanDate(time.GetUtcNow()));
        var importer = services.GetRequiredService<ReferenceDataImporter>();

        var imports = new List<ImportReceipt>();
        foreach (var (kind, csv, texts) in new (ReferenceDataKind, string, ReferenceDataFile[])[]
        {
            (ReferenceDataKind.TrustAnchors, files.TrustListCsv, []),
            (ReferenceDataKind.AgencyDirectory, files.AgencyDirectoryCsv, []),
            (ReferenceDataKind.Personnel, files.PersonnelCsv, []),
            (ReferenceDataKind.HolidayCalendar, files.HolidayCalendarCsv, []),
            (ReferenceDataKind.TermsOfUse, files.TermsOfUseCsv, [new ReferenceDataFile("demo-terms-2025-01.txt", Encoding.UTF8.GetBytes(files.TermsOfUseText))]),
            (ReferenceDataKind.FunctionCatalogue, files.FunctionCatalogueCsv, []),
        })
        {
            var prepared = await importer.PrepareAsync(kind, new ReferenceDataFile($"demo-{ReferenceDataProjection.KindKey(kind)}.csv", Encoding.UTF8.GetBytes(csv)), texts, cancellationToken);
            if (!prepared.IsValid)
                throw new InvalidOperationException($"The demo {kind} file has {prepared.Problems.Count} problem(s), first: {prepared.Problems[0]}");
            var outcome = await importer.ImportAsync(prepared, Guid.CreateVersion7(), VersionLabel, Actor, cancellationToken);
            if (!outcome.TryGetValue(out var receipt))
                return new DemoSeedResult(imports); // another process seeded the same store at the same moment
            imports.Add(receipt);
        }

        var shown = await services.GetRequiredService<ReadModelWait>().ForAsync(
            imports[^1].Position, [AgencyDirectoryProjection.ProjectionName, PersonnelProjection.ProjectionName, ReferenceDataProjection.ProjectionName],
            cancellationToken, TimeSpan.FromMinutes(2));
        return shown ? new DemoSeedResult(imports) : throw new TimeoutException("The reference-data query models did not take in the demo data within 2 minutes.");
    }

    /// <summary>
    /// Writes the extra demo cards (generated people and agencies, signed by the demo PKI's CAs) into
    /// <paramref name="directory"/>; returns their file paths. Deterministic: the same seed writes the same cards.
    /// </summary>
    public static IReadOnlyList<string> WriteCards(PkiManifest pki, DemoFiles files, string directory)
    {
        ArgumentNullException.ThrowIfNull(pki);
        ArgumentNullException.ThrowIfNull(files);
        var written = new List<string>();
        foreach (var citizen in files.CardCitizens)
            written.Add(pki.IssueCitizenCard(new CitizenHolder(citizen.Name, citizen.NationalId.Value), new CardRequest { Name = citizen.CardName }).WriteTo(directory));
        foreach (var agency in files.CardAgencies)
            written.Add(pki.IssueOrganisationCard(new OrganisationHolder(agency.Name, agency.Ministry, agency.Code, agency.CardOid), new CardRequest { Name = agency.CardName, Issuer = agency.Issuer })
                .WriteTo(directory));
        foreach (var (leafName, cardName, variant) in RenewedCards)
        {
            var leaf = pki.Leaf(leafName);
            var request = new CardRequest { Name = cardName, Issuer = leaf.Issuer, Variant = variant };
            written.Add((leaf.Citizen is { } person ? pki.IssueCitizenCard(person, request) : pki.IssueOrganisationCard(leaf.Agency!, request)).WriteTo(directory));
        }
        return written;
    }

    /// <summary>
    /// Renewals of the two cards scripts/run inserts (the same agency and person; a new key, serial and card number),
    /// two of each, so that after 首次註冊 of 3230000 the three swaps can be tried in turn (a card a swap replaced is
    /// refused as "new" later) and 王小明 can try 我要更新憑證. docs/demo.md lists them.
    /// </summary>
    public static readonly IReadOnlyList<(string Leaf, string CardName, string Variant)> RenewedCards =
    [
        ("org-gca-rsa", "org-gca-rsa-renewed", "renewed-1"),
        ("org-gca-rsa", "org-gca-rsa-renewed-2", "renewed-2"),
        ("citizen-moica2-rsa", "citizen-moica2-rsa-renewed", "renewed-1"),
        ("citizen-moica2-rsa", "citizen-moica2-rsa-renewed-2", "renewed-2"),
    ];

    /// <summary>Whether any reference-data stream has an event (the demo seeds only a store without any).</summary>
    public static async Task<bool> HasReferenceDataAsync(IEventStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach (var kind in ReferenceDataStreams.AllKinds)
        {
            var first = await store.ReadStreamAsync(ReferenceDataStreams.For(kind), Direction.Forwards, StreamRevision.Start, 1, cancellationToken);
            if (first.Events.Count > 0)
                return true;
        }
        return false;
    }
}
