using System.Diagnostics;
using Bogus;
using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using EventStore;
using EventStore.Serialization;

namespace Seed;

/// <summary>How much to seed and how: agencies, grants in total, the random seed and the instant the data ends at.</summary>
/// <param name="Now">Grants are issued during the three years before it; certificates expire up to two years after it.</param>
public sealed record GrantsSeedOptions(int Agencies = 10_000, int Grants = 1_000_000, int RandomSeed = 2026, DateTimeOffset? Now = null, int Parallelism = 4)
{
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    public DateTimeOffset ReferenceNow => Now ?? DefaultNow;
}

/// <summary>What was seeded, for the caller's report and the benchmark's parameters.</summary>
public sealed record GrantsSeedResult(int Agencies, int Grants, int Events, TimeSpan Elapsed, string SampleAgency, string SampleSerial, string SampleNationalId);

/// <summary>
/// Seeds registered agencies and their handler grants straight into the store, as the registration decider would
/// have written them: one <c>registration-{code}</c> stream per agency starting with <c>AgencyRegistered</c>, then
/// <c>HandlerGrantIssued</c> (grant numbers 1, 2, 3…, one serial per active grant), some <c>HandlerGrantModified</c> (a renewed
/// card's new serial) and <c>HandlerGrantRevoked</c>, with Bogus names and valid national IDs. Deterministic for a seed.
/// Every agency's manager is also a handler at the next agency, so their certificates' expiry is known there.
/// </summary>
public static class GrantsSeeder
{
    public const string Actor = "seed";

    private static readonly string[] Leaves = ["0101", "0102", "0103", "0104", "0105", "0106", "0107", "0201", "0301", "0401"];

    public static string AgencyCodeOf(int index) => (1_000_000 + index).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<GrantsSeedResult> SeedAsync(IEventStore store, GrantsSeedOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var registry = EventTypeRegistry.FromAssemblies(typeof(HandlerGrantIssued).Assembly);
        var stopwatch = Stopwatch.StartNew();
        var events = 0;
        var done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, options.Agencies),
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var stream = AgencyEvents(index, options);
                var metadata = new EventMetadata(Guid.CreateVersion7(), Guid.CreateVersion7(), Actor);
                var data = stream.Select(e => registry.ToEventData(e, Guid.CreateVersion7(), metadata)).ToArray();
                // Appended in chunks, as many commands would have; the first chunk creates the stream.
                var expected = StreamState.NoStream;
                foreach (var chunk in data.Chunk(200))
                {
                    var result = await store.AppendToStreamAsync(AgencyRegistration.StreamName(AgencyCode.Of(AgencyCodeOf(index))), expected, chunk, ct);
                    expected = StreamState.At(result.NextExpectedRevision);
                }
                Interlocked.Add(ref events, data.Length);
                var finished = Interlocked.Increment(ref done);
                if (finished % 500 == 0)
                    progress?.Report(finished);
            });
        var sample = AgencyEvents(0, options).OfType<HandlerGrantIssued>().First();
        return new GrantsSeedResult(options.Agencies, options.Grants, events, stopwatch.Elapsed, sample.AgencyCode, sample.HandlerCertificateSerial, sample.HandlerNationalId);
    }

    /// <summary>The grants agency <paramref name="index"/> gets: an even share, the remainder to the first agencies.</summary>
    public static int GrantsOf(int index, GrantsSeedOptions options) =>
        (options.Grants / options.Agencies) + (index < options.Grants % options.Agencies ? 1 : 0);

    /// <summary>One agency's whole stream, the same every time for the same seed and index.</summary>
    public static IReadOnlyList<RegistrationEvent> AgencyEvents(int index, GrantsSeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var now = options.ReferenceNow;
        var faker = new Faker("zh_TW") { Random = new Randomizer(HashCode.Combine(options.RandomSeed, index)) };
        var code = AgencyCodeOf(index);
        var name = $"{faker.Address.City()}{faker.PickRandom("政府人事處", "區公所", "戶政事務所", "地政事務所", "衛生局", "國民小學", "國民中學", "稅捐稽徵處")}";
        var registeredAt = now.AddYears(-3).AddMinutes(faker.Random.Int(0, 60 * 24 * 30));
        var manager = Citizen(faker, index, 0, now);
        var managerId = RandomId(faker);
        var authorisation = new GrantAuthorisation("SEEDORGKEY", $"0C{index:X6}", registeredAt, manager.IssuerKeyId, manager.SerialNumber, registeredAt);
        var actor = $"cert:{manager.IssuerKeyId}:{manager.SerialNumber}";
        var stream = new List<RegistrationEvent>
        {
            new AgencyRegistered(
                code, name, "2025-01",
                new OrganisationCertificateInfo($"0C{index:X6}", "CN=政府憑證管理中心", "SEEDORGKEY", $"CN={name}", name, registeredAt.AddDays(-10), registeredAt.AddYears(5), $"2.16.886.101.20003.{20000 + index}", null, new string('0', 64)),
                null, manager, managerId.Value,
                new ManagerContact(faker.Name.FullName(), $"m{index}@example.gov.tw", "02-2345-6789", null, null), actor, registeredAt),
        };

        var count = GrantsOf(index, options);
        // The grants' issue times spread evenly over the three years after registration, with jitter.
        var span = now - registeredAt;
        var step = span / Math.Max(1, count + 1);
        var grants = new List<(int Number, string Serial, string Name, NationalId Id, string[] Functions, DateTimeOffset At)>();
        for (var n = 1; n <= count; n++)
        {
            var at = registeredAt + (step * n) + TimeSpan.FromSeconds(faker.Random.Int(0, 600));
            var isPreviousManager = n == 1 && index > 0;
            var serial = isPreviousManager ? Citizen(faker, index - 1, 0, now).SerialNumber : HandlerSerial(index, n, 0);
            var functions = faker.PickRandom(Leaves, faker.Random.Int(1, 4)).Order(StringComparer.Ordinal).ToArray();
            var grant = (n, serial, faker.Name.LastName() + faker.Name.FirstName(), RandomId(faker), functions, at);
            grants.Add(grant);
            stream.Add(new HandlerGrantIssued(code, n, serial, grant.Item3, grant.Item4.Value, functions, "2022-11", authorisation, actor, at));
        }

        // About 5% renew their card (new serial) and 5% leave (revoked), some time after issue.
        foreach (var g in grants)
        {
            var roll = faker.Random.Int(0, 99);
            var later = g.At + ((now - g.At) * faker.Random.Double(0.1, 0.9));
            if (roll < 5)
                stream.Add(new HandlerGrantModified(code, g.Number, HandlerSerial(index, g.Number, 1), g.Name, g.Id.Value, g.Functions, "2022-11", authorisation, actor, later));
            else if (roll < 10)
                stream.Add(new HandlerGrantRevoked(code, g.Number, faker.PickRandom("離職", "調職", "不再辦理此項業務"), authorisation, actor, later));
        }
        // Events of one stream are in time order, as the decider would have written them.
        return [stream[0], .. stream.Skip(1).OrderBy(At).ThenBy(e => e is HandlerGrantIssued ? 0 : 1)];
    }

    private static DateTimeOffset At(RegistrationEvent e) => e switch
    {
        HandlerGrantIssued i => i.IssuedAt,
        HandlerGrantModified m => m.ModifiedAt,
        HandlerGrantRevoked r => r.RevokedAt,
        _ => DateTimeOffset.MinValue,
    };

    /// <summary>A handler certificate serial unique per (agency, grant, renewal), in canonical hex.</summary>
    public static string HandlerSerial(int agencyIndex, int grantNumber, int renewal) =>
        CertificateSerial.Normalise($"{renewal + 1:X2}{agencyIndex:X6}{grantNumber:X6}")!;

    private static CitizenCertificateInfo Citizen(Faker faker, int agencyIndex, int renewal, DateTimeOffset now)
    {
        // Derived from the index alone (not the faker's sequence), so the next agency can name this certificate.
        var random = new Random(HashCode.Combine(agencyIndex, renewal, 17));
        var notAfter = now.AddDays(random.Next(-30, 730));
        _ = faker;
        return new CitizenCertificateInfo(
            CertificateSerial.Normalise($"EE{agencyIndex:X6}{renewal:X2}")!, "CN=內政部憑證管理中心", "SEEDMOICAKEY", $"CN=manager {agencyIndex}", $"manager {agencyIndex}",
            notAfter.AddYears(-5), notAfter, "0000", null, new string('1', 64));
    }

    private static NationalId RandomId(Faker faker) =>
        NationalId.WithCheckDigit($"{(char)('A' + faker.Random.Int(0, 25))}{faker.Random.Int(1, 2)}{faker.Random.Int(0, 9_999_999):D7}");
}
