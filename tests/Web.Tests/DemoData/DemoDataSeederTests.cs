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

    [Fact]
    public void Every_kind_is_imported_once_as_demo_data()
    {
        app.Result.Imports.Select(i => i.Kind).ShouldBe(ReferenceDataStreams.AllKinds, ignoreOrder: true);
        app.Result.Imports.Single(i => i.Kind == ReferenceDataKind.AgencyDirectory).RowCount.ShouldBeGreaterThanOrEqualTo(200);
        app.Result.Imports.Single(i => i.Kind == ReferenceDataKind.Personnel).RowCount.ShouldBeInRange(1900, 2200);
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
            entry.Expects(leaf.AgencyOid).ShouldBeTrue(leaf.Name);
            (await directory.FindByOidAsync(leaf.AgencyOid!)).ShouldContain(e => e.Code == entry.Code);
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
    public async Task Wang_is_found_by_account_as_a_personnel_officer()
    {
        var found = await app.Get<PersonnelLookup>().LookUpByAccountAsync("DEMO01", Day);

        found.Standing.ShouldNotBeNull().Name.ShouldBe("王小明");
        found.IsPersonnelOfficer.ShouldBeTrue();
    }

    [Fact]
    public async Task Calendar_terms_catalogue_and_trust_list_are_in_place()
    {
        (await app.Get<OfficeCalendar>().NextBusinessDayAsync(new DateOnly(2026, 2, 13))).ShouldBe(new DateOnly(2026, 2, 23));
        var terms = (await app.Get<TermsOfUseLookup>().InForceAsync(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero))).ShouldNotBeNull();
        terms.Version.ShouldBe(DemoTerms.Version);
        TermsOfUse.HashText(terms.Text).ShouldBe(terms.TextSha256);
        var catalogue = (await app.Get<FunctionCatalogueLookup>().InForceAsync(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero))).ShouldNotBeNull();
        catalogue.Version.ShouldBe("2022-11");
        catalogue.LeavesUnder("01").Count.ShouldBe(7);
        var trust = await app.Get<TrustListLookup>().AllAsync();
        trust.Count(t => t.Role == TrustRole.Denied).ShouldBe(2);
        trust.Where(t => t.Role == TrustRole.Anchor).Select(t => t.Kind).ShouldBe([Domain.Certificates.CertificateKind.Organisation, Domain.Certificates.CertificateKind.Citizen], ignoreOrder: true);
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

            cards.Count.ShouldBe(files.CardCitizens.Count + files.CardAgencies.Count);
            cards.ShouldAllBe(c => File.Exists(c) && c.EndsWith(".card.json", StringComparison.Ordinal));
            Directory.GetFiles(directory).ShouldAllBe(f => !files.CardCitizens.Any(p => f.Contains(p.NationalId.Value, StringComparison.Ordinal)));
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
