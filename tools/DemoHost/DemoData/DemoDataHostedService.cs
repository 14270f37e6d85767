using Domain.Common;
using EventStore.DependencyInjection;
using TestPki;
using Web.Hosting;

namespace DemoHost.DemoData;

/// <summary>Whether the demo seeds, where it finds its PKI and puts its extra cards (<c>Web:DemoData</c>, default true; <c>Web:DemoPkiPath</c>, <c>Web:DemoCardsPath</c>).</summary>
/// <param name="PkiPath">A folder holding the demo PKI's <c>manifest.json</c> (scripts/run writes <c>.data/pki</c>); when it has none, the cached test PKI is used.</param>
/// <param name="CardsPath">
/// Where the extra demo cards are written: by default the demo PKI's shelf (<c>.data/pki/cards</c>), beside its other cards,
/// not a reader, so a start inserts only the two cards scripts/run puts in (docs/demo.md).
/// </param>
public sealed record DemoDataSettings(bool Enabled, string PkiPath, string CardsPath)
{
    public static DemoDataSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var dataDirectory = Path.GetDirectoryName(Path.GetFullPath(EventStoreSettings.From(configuration).SqlitePath)) ?? ".";
        return new DemoDataSettings(
            configuration.GetValue($"{WebOptions.Section}:DemoData", defaultValue: true),
            configuration[$"{WebOptions.Section}:DemoPkiPath"] is { Length: > 0 } pki ? pki : Path.Combine(dataDirectory, "pki"),
            configuration[$"{WebOptions.Section}:DemoCardsPath"] is { Length: > 0 } cards ? cards : Path.Combine(dataDirectory, "pki", "cards"));
    }
}

/// <summary>
/// At start-up with <c>Web:DemoData=true</c>: seeds the demo reference data into a store that has none, and
/// (re)writes the extra demo cards onto the demo PKI's shelf, so <c>scripts/run</c> has people, agencies and several
/// cards to try (copied into a reader when wanted).
/// </summary>
public sealed partial class DemoDataHostedService(IServiceProvider services, DemoDataSettings settings, TimeProvider time, ILogger<DemoDataHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Enabled)
            return;
        var pki = File.Exists(Path.Combine(settings.PkiPath, PkiManifest.FileName)) ? PkiManifest.Load(settings.PkiPath) : TestPkiCache.Get();
        var seeded = await DemoDataSeeder.SeedReferenceDataAsync(services, pki, cancellationToken);
        if (seeded.Seeded)
            LogSeeded(logger, seeded.Imports.Count, seeded.Imports.Sum(i => i.RowCount));
        else
            LogAlreadySeeded(logger);

        var files = DemoReferenceData.Build(pki, RocDate.TaiwanDate(time.GetUtcNow()));
        var cards = DemoDataSeeder.WriteCards(pki, files, settings.CardsPath);
        LogCards(logger, cards.Count, settings.CardsPath, string.Join(" ", cards.Select(c => Path.GetFileName(c))));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Imports} reference-data imports ({Rows} rows) appended as demo-data")]
    private static partial void LogSeeded(ILogger logger, int imports, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: the store already holds reference data; nothing imported")]
    private static partial void LogAlreadySeeded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Count} extra demo cards in {Directory}: {Cards} (PIN 123456)")]
    private static partial void LogCards(ILogger logger, int count, string directory, string cards);
}

/// <summary>Registers the demo data's start-up services: reference data and cards, then the demo password accounts.</summary>
public static class DemoDataServiceCollectionExtensions
{
    public static IServiceCollection AddDemoData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(DemoDataSettings.From(configuration));
        services.AddHostedService<DemoDataHostedService>();
        services.AddHostedService<DemoAccountsSeeder>();
        return services;
    }
}
