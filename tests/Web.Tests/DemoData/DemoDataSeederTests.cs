using Domain.Common;
using Domain.ReferenceData;
using EventStore;
using EventStore.Serialization;
using Microsoft.Extensions.DependencyInjection;
using TestPki;
using DemoHost.DemoData;
using ReadModels.ReferenceData;
using Web.Tests.TestSupport;

namespace Web.Tests.DemoData;

/// <summary>The demo data, seeded once into a fresh store through the import path, answers every lookup the demo cards need.</summary>
public class DemoDataSeederTests(DemoDataSeederTests.SeededApp app) : IClassFixture<DemoDataSeederTests.SeededApp>
{
    private static readonly DateOnly Day = new(2026, 6, 1);

    /// <summary>The app with the demo reference data imported once for the class.</summary>
    public sealed class SeededApp : WebAppFactory, IAsyncLifetime
    {
        public DemoSeedResult Result { get; private set; } = null!;

        public T Get<T>()
            where T : notnull => Services.GetRequiredService<T>();

        public async Task InitializeAsync() => Result = await DemoDataSeeder.SeedReferenceDataAsync(Services);

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    /// <summary>The files the seeder imported (the same seed and day give the same files).</summary>
    private DemoFiles Files => DemoReferenceData.Build(TestPkiCache.Get(), RocDate.TaiwanDate(app.Get<TimeProvider>().GetUtcNow()));

    /// <summary>The data rows of an import CSV, split into fields (the demo files quote nothing).</summary>
    private static List<string[]> Rows(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(line => line.Split(',')).ToList();

    [Fact]
    public void Every_kind_is_imported_once_as_demo_data_with_every_row_of_its_file()
    {
        var files = Files;

        app.Result.Imports.Select(i => i.Kind).ShouldBe(ReferenceDataStreams.AllKinds, ignoreOrder: true);
        app.Result.Imports.Single(i => i.Kind == ReferenceDataKind.AgencyDirectory).RowCount.ShouldBe(Rows(files.AgencyDirectoryCsv).Count);
        app.Result.Imports.Single(i => i.Kind == ReferenceDataKind.Personnel).RowCount.ShouldBe(Rows(files.PersonnelCsv).Count);
        app.Result.Imports.Single(i => i.Kind == ReferenceDataKind.HolidayCalendar).RowCount.ShouldBe(Rows(files.HolidayCalendarCsv).Count);
    }

    [Fact]
    public async Task Every_import_event_names_demo_data_as_its_actor()
    {
        var store = app.Get<IEventStore>();
        foreach (var kind in ReferenceDataStreams.AllKinds)
        {
            var events = await store.ReadStreamAsync(ReferenceDataStreams.For(kind), Direction.Forwards, StreamRevision.Start, 100);
            events.Events.ShouldNotBeEmpty();
            events.Events.ShouldAllBe(e => EventMetadata.From(e)!.Actor == DemoDataSeeder.Actor);
        }
    }

    [Fact]
    public async Task Seeding_again_appends_nothing()
    {
        var head = await app.Get<IEventStore>().ReadHeadPositionAsync();

        var again = await DemoDataSeeder.SeedReferenceDataAsync(app.Services);

        again.Seeded.ShouldBeFalse();
        (await app.Get<IEventStore>().ReadHeadPositionAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task Every_organisation_card_of_the_demo_PKI_belongs_to_an_agency_expecting_its_OID()
    {
        var directory = app.Get<AgencyDirectoryLookup>();
        foreach (var leaf in TestPkiCache.Get().Leaves.Where(l => l.Agency is not null))
        {
            var entry = (await directory.FindAsync(AgencyCode.Of(leaf.Agency!.AgencyCode))).ShouldNotBeNull(leaf.Name);
            // GCA, XCA and HCA cards are known by their OID, MOEACA cards by their business number (docs/domain.md).
            var identifier = leaf.AgencyOid ?? leaf.BusinessNumber;
            entry.Expects(identifier).ShouldBeTrue(leaf.Name);
            (await directory.FindByOidAsync(identifier!)).ShouldContain(e => e.Code == entry.Code);
        }
    }

    [Fact]
    public async Task Every_citizen_of_the_demo_PKI_is_a_current_civil_servant()
    {
        var personnel = app.Get<PersonnelLookup>();
        foreach (var leaf in TestPkiCache.Get().Leaves.Where(l => l.Citizen is not null))
        {
            var id = NationalId.Parse(leaf.Citizen!.NationalId).Id!.Value;
            var found = await personnel.LookUpAsync(id, Day);
            found.Status.ShouldBe(PersonnelLookupStatus.Found, leaf.Name);
            found.IsCurrent.ShouldBeTrue(leaf.Name);
            found.Standing!.Name.ShouldBe(leaf.Citizen.Name);
            found.Standing.IdLastFour.ShouldBe(leaf.NationalIdLastFour);
        }
    }

    [Fact]
    public async Task The_demo_has_personnel_officers_by_each_rule_and_people_who_left()
    {
        var personnel = app.Get<PersonnelLookup>();
        var files = DemoReferenceData.Build(TestPkiCache.Get(), RocDate.TaiwanDate(app.Get<TimeProvider>().GetUtcNow()));

        foreach (var officer in files.CardCitizens.Where(c => c.CardName.StartsWith("demo-citizen-officer", StringComparison.Ordinal)))
            (await personnel.IsPersonnelOfficerAsync(officer.NationalId, Day)).ShouldBeTrue(officer.Role);
        (await personnel.IsPersonnelOfficerAsync(files.CardCitizens.Single(c => c.CardName == "demo-citizen-clerk").NationalId, Day)).ShouldBeFalse();
        var departed = await personnel.LookUpAsync(files.CardCitizens.Single(c => c.CardName == "demo-citizen-departed").NationalId, Day);
        departed.Status.ShouldBe(PersonnelLookupStatus.Found);
        departed.IsCurrent.ShouldBeFalse();
    }

    [Fact]
    public async Task The_person_reported_today_counts_from_tomorrow()
    {
        var today = RocDate.TaiwanDate(app.Get<TimeProvider>().GetUtcNow());
        var files = DemoReferenceData.Build(TestPkiCache.Get(), today);
        var person = files.CardCitizens.Single(c => c.CardName == "demo-citizen-reported-today").NationalId;

        (await app.Get<PersonnelLookup>().LookUpAsync(person, today)).Status.ShouldBe(PersonnelLookupStatus.NotYetEffective);
        (await app.Get<PersonnelLookup>().LookUpAsync(person, today.AddDays(1))).IsCurrent.ShouldBeTrue();
    }

    [Fact]
    public async Task A_personnel_officer_is_found_by_account_whatever_its_letter_case()
    {
        // A current officer of category 08 with an account and no later report, as the personnel file has them.
        var reports = Rows(Files.PersonnelCsv);
        var officer = reports.First(r => r[2].Length > 0 && r[3] == "current" && r[4] == "08" && reports.Count(o => o[0] == r[0]) == 1);

        var found = await app.Get<PersonnelLookup>().LookUpByAccountAsync(officer[2].ToUpperInvariant(), Day);

        found.Standing.ShouldNotBeNull().Name.ShouldBe(officer[1]);
        found.IsPersonnelOfficer.ShouldBeTrue();
    }

    [Fact]
    public async Task The_next_business_day_follows_the_imported_calendar_through_2026()
    {
        var calendar = Rows(Files.HolidayCalendarCsv).ToDictionary(r => DateOnly.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), r => r[2]);
        bool Works(DateOnly day) => calendar.TryGetValue(day, out var kind) ? kind == "workday" : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        var office = app.Get<OfficeCalendar>();
        calendar.Values.ShouldContain("workday", "the file has make-up working days, so the rule for them is exercised");

        for (var day = new DateOnly(2026, 1, 1); day.Year == 2026; day = day.AddDays(1))
        {
            var expected = day.AddDays(1);
            while (!Works(expected))
                expected = expected.AddDays(1);
            (await office.NextBusinessDayAsync(day)).ShouldBe(expected, day.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Terms_catalogue_and_trust_list_in_force_are_the_demo_files()
    {
        var files = Files;
        var pki = TestPkiCache.Get();
        var june = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

        var terms = (await app.Get<TermsOfUseLookup>().InForceAsync(june)).ShouldNotBeNull();
        terms.Version.ShouldBe(Rows(files.TermsOfUseCsv).ShouldHaveSingleItem()[0]);
        terms.Text.ShouldBe(files.TermsOfUseText);
        TermsOfUse.HashText(terms.Text).ShouldBe(terms.TextSha256);

        var functions = Rows(files.FunctionCatalogueCsv);
        var catalogue = (await app.Get<FunctionCatalogueLookup>().InForceAsync(june)).ShouldNotBeNull();
        catalogue.Version.ShouldBe(functions.Select(r => r[0]).Distinct().ShouldHaveSingleItem());
        foreach (var group in functions.Where(r => r[4].Length == 0))
            catalogue.LeavesUnder(group[2]).ShouldBe(functions.Where(r => r[4] == group[2]).Select(r => r[2]).ToList(), ignoreOrder: true, group[1]);

        var trust = await app.Get<TrustListLookup>().AllAsync();
        trust.Select(t => (t.Kind, t.Role)).ShouldBe(Rows(files.TrustListCsv).Select(r => (TrustList.ParseKind(r[0]), TrustList.ParseRole(r[1]))));
        trust.Where(t => t.Role == TrustRole.Denied).Select(t => Convert.ToBase64String(t.CertificateDer))
            .ShouldBe(pki.Cas.Where(c => c.Trust == CaTrust.Test).Select(c => Convert.ToBase64String(c.CertificateDer())), ignoreOrder: true, "every test CA of the demo PKI is refused");
        // Both kinds anchor at GRCA G2 and G3, as the real hierarchy does (docs/certificate-validation.md).
        trust.Where(t => t.Role == TrustRole.Anchor).Select(t => t.Kind).ShouldBe(
            [Domain.Certificates.CertificateKind.Organisation, Domain.Certificates.CertificateKind.Organisation,
             Domain.Certificates.CertificateKind.Citizen, Domain.Certificates.CertificateKind.Citizen], ignoreOrder: true);
    }

    [Fact]
    public void Extra_demo_cards_are_issued_for_generated_people_and_agencies()
    {
        var directory = Path.Combine(Path.GetTempPath(), "evs-demo-cards-" + Guid.NewGuid().ToString("N"));
        try
        {
            var pki = TestPkiCache.Get();
            var files = DemoReferenceData.Build(pki, new DateOnly(2026, 6, 1));

            var cards = DemoDataSeeder.WriteCards(pki, files, directory);

            cards.Count.ShouldBe(files.CardCitizens.Count + files.CardAgencies.Count + DemoDataSeeder.RenewedCards.Count);
            cards.ShouldAllBe(c => File.Exists(c) && c.EndsWith(".card.json", StringComparison.Ordinal));
            Directory.GetFiles(directory).ShouldAllBe(f => !files.CardCitizens.Any(p => f.Contains(p.NationalId.Value, StringComparison.Ordinal)));

            // The renewals: the same agency (OID) or person (name, ID digits) as the card scripts/run inserts, another certificate.
            foreach (var (leafName, cardName, _) in DemoDataSeeder.RenewedCards)
            {
                var original = pki.Leaf(leafName);
                using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, cardName + ".pem")));
                var renewed = Domain.Certificates.CertificateParser.Parse(certificate.RawData).Facts.ShouldNotBeNull();
                renewed.Kind.ShouldBe(original.Kind, cardName);
                renewed.SerialNumber.ShouldNotBe(original.SerialNumber, cardName);
                renewed.AgencyOid.ShouldBe(original.AgencyOid, cardName);
                renewed.NationalIdLastFour.ShouldBe(original.NationalIdLastFour, cardName);
                (renewed.CommonName ?? renewed.OrganisationalUnit).ShouldBe(original.CommonName ?? original.OrganisationalUnit, cardName);
                renewed.NotAfter.ShouldBeGreaterThan(pki.ReferenceInstants.Now, cardName);
            }
            DemoDataSeeder.RenewedCards.Select(c => c.CardName).ShouldBeUnique();
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_same_seed_builds_the_same_files()
    {
        var pki = TestPkiCache.Get();

        var first = DemoReferenceData.Build(pki, new DateOnly(2026, 6, 1));
        var second = DemoReferenceData.Build(pki, new DateOnly(2026, 6, 1));

        second.PersonnelCsv.ShouldBe(first.PersonnelCsv);
        second.AgencyDirectoryCsv.ShouldBe(first.AgencyDirectoryCsv);
    }
}
