using DemoHost.DemoData;
using Domain.Common;
using Domain.ReferenceData;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TestPki;
using ReadModels.ReferenceData;
using Web.Tests.TestSupport;

namespace Web.Tests.DemoData;

/// <summary>With Web:DemoData=true the app seeds its empty store and writes the extra demo cards before it serves.</summary>
public sealed class DemoDataHostedServiceTests : IDisposable
{
    private readonly string _cards = Path.Combine(Path.GetTempPath(), "evs-demo-cards-" + Guid.NewGuid().ToString("N"));

    /// <summary>The production app with the demo's services added last, as tools/DemoHost adds them.</summary>
    private sealed class DemoApp(string cards) : WebAppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("Web:DemoData", "true"),
            new("Web:DemoPkiPath", TestPkiCache.Get().Root),
            new("Web:DemoCardsPath", cards),
        ];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Demo data is refused outside Development (Hosting/Transport.cs), as scripts/run runs it.
            builder.UseEnvironment("Development");
            builder.ConfigureTestServices(services => services.AddDemoData(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build()));
        }
    }

    [Fact]
    public async Task The_demo_starts_with_reference_data_and_several_cards_to_try()
    {
        using var app = new DemoApp(_cards);

        var history = await app.Services.GetRequiredService<ReferenceImportHistory>().RecentAsync(10);

        var files = DemoReferenceData.Build(TestPkiCache.Get(), RocDate.TaiwanDate(app.Services.GetRequiredService<TimeProvider>().GetUtcNow()));

        history.Select(i => i.Kind).ShouldBe(ReferenceDataStreams.AllKinds, ignoreOrder: true);
        history.ShouldAllBe(i => i.ImportedBy == DemoDataSeeder.Actor && i.Version == DemoDataSeeder.VersionLabel);
        var agencies = files.AgencyDirectoryCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        (await app.Services.GetRequiredService<AgencyDirectoryLookup>().CountAsync()).ShouldBe(agencies);
        var cards = Directory.GetFiles(_cards, "*.card.json").Select(f => CardImage.Load(f)).ToList();
        var renewed = DemoDataSeeder.RenewedCards.Select(r => (r.CardName, Kind: r.Leaf.StartsWith("citizen-", StringComparison.Ordinal) ? "citizen" : "organisation")).ToList();
        cards.Select(c => c.Kind).ShouldBe(
            files.CardCitizens.Select(_ => "citizen").Concat(files.CardAgencies.Select(_ => "organisation")).Concat(renewed.Select(r => r.Kind)), ignoreOrder: true,
            "one card per demo holder, and the renewals of the two inserted cards");
        Directory.GetFiles(_cards, "*.card.json").Select(Path.GetFileName)
            .ShouldBe(files.CardCitizens.Select(c => c.CardName).Concat(files.CardAgencies.Select(a => a.CardName)).Concat(renewed.Select(r => r.CardName)).Select(n => n + ".card.json"), ignoreOrder: true);
    }

    public void Dispose()
    {
        if (Directory.Exists(_cards))
            Directory.Delete(_cards, recursive: true);
    }
}
