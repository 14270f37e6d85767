using System.Globalization;
using Domain.Common;
using Domain.Registration;
using EventStore;
using EventStore.Serialization;

namespace Replay;

/// <summary>
/// A made-up but well-formed registration history for drills and benchmarks: agencies with a registration, sometimes
/// an OID review first, a few certificate swaps, and handler grants issued, modified and revoked. Every stream folds
/// with the decider's Evolve. Deterministic for a seed. Written only into an empty store.
/// </summary>
public static class SyntheticHistory
{
    private const string GcaIssuer = "OU=政府憑證管理中心, O=行政院, C=TW";
    private const string GcaKeyId = "D39E08A4BC5F1E2A7C6B9D0E3F41526A7B8C9D0E";
    private const string MoicaIssuer = "OU=內政部憑證管理中心, O=行政院, C=TW";
    private const string MoicaKeyId = "8F2B1C0D9E3A4B5C6D7E8F90A1B2C3D4E5F60718";
    private const string Terms = "2024-01";
    private static readonly DateTimeOffset Start = new(2024, 1, 2, 1, 0, 0, TimeSpan.Zero);

    /// <summary>The history of the <paramref name="index"/>-th agency: its stream and its events in order.</summary>
    public static (string Stream, IReadOnlyList<RegistrationEvent> Events) Agency(int index, int seed)
    {
        var random = new Random(HashCode.Combine(seed, index));
        var code = (3_000_000 + index).ToString(CultureInfo.InvariantCulture);
        var name = $"範例機關{index:D6}";
        var at = Start.AddMinutes(index);
        var oid = $"2.16.886.101.20003.{20000 + (index % 5000)}";
        var organisation = Organisation(code, name, oid, $"{index:X6}01", at);
        var manager = Citizen("管理者" + (index % 1000).ToString("D3", CultureInfo.InvariantCulture), $"{index:X6}A1", at);
        var managerId = NationalId.WithCheckDigit($"A1{index % 10_000_000:D7}").Value;
        var contact = new ManagerContact("王小明", $"manager{index}@agency.gov.tw", "(02)2345-6789", (index % 3 == 0) ? "123" : null, null);
        var managerActor = $"cert:{MoicaKeyId}:{manager.SerialNumber}";
        var events = new List<RegistrationEvent>();

        int? reviewCase = null;
        if (index % 7 == 0)
        {
            reviewCase = 1;
            events.Add(new OidReviewRequested(code, 1, name, [$"2.16.886.101.20003.{20000 + ((index + 1) % 5000)}"], index % 2 == 0 ? "承保第一科" : "承保第二科",
                organisation, "李大華", "(02)2345-6789", "321", $"cert:{GcaKeyId}:{organisation.SerialNumber}", at));
            at = at.AddDays(1);
            events.Add(new OidReviewApproved(code, 1, oid, at.AddDays(1), "staff:reviewer1", at));
            at = at.AddDays(2);
        }

        events.Add(new AgencyRegistered(code, name, Terms, organisation, reviewCase, manager, managerId, contact, managerActor, at));

        var grants = 3 + random.Next(12);
        for (var grant = 1; grant <= grants; grant++)
        {
            at = at.AddHours(1);
            var serial = $"{index:X6}{grant:X4}";
            var handlerId = NationalId.WithCheckDigit($"B2{(index * 16 + grant) % 10_000_000:D7}").Value;
            events.Add(new HandlerGrantIssued(code, grant, serial, $"經辦人{grant:D2}", handlerId, ["0101", "0103"], "2022-11", Authorisation(organisation, manager, at), managerActor, at));
            if (grant % 3 == 0)
                events.Add(new HandlerGrantModified(code, grant, serial + "FF", $"經辦人{grant:D2}", handlerId, ["0101", "0103", "0201"], "2022-11", Authorisation(organisation, manager, at.AddMinutes(5)), managerActor, at.AddMinutes(5)));
            if (grant % 5 == 0)
                events.Add(new HandlerGrantRevoked(code, grant, "離職", Authorisation(organisation, manager, at.AddMinutes(10)), managerActor, at.AddMinutes(10)));
        }

        if (index % 10 == 0)
        {
            at = at.AddDays(30);
            var newManager = Citizen("新管理者", $"{index:X6}A2", at);
            events.Add(new ManagerCertificateReplaced(code, Terms, MoicaKeyId, manager.SerialNumber, newManager,
                NationalId.WithCheckDigit($"F1{index % 10_000_000:D7}").Value, contact, $"cert:{GcaKeyId}:{organisation.SerialNumber}", at));
        }

        if (index % 13 == 0)
        {
            at = at.AddDays(30);
            events.Add(new OrganisationCertificateReplaced(code, Terms, GcaKeyId, organisation.SerialNumber, Organisation(code, name, oid, $"{index:X6}02", at), reviewCase,
                contact, managerActor, at));
        }

        return ($"registration-{code}", events);
    }

    /// <summary>
    /// Appends whole agency histories (one append each, 16 writers at once so the store's group commit is used) until at
    /// least <paramref name="events"/> events are stored. Refuses a store that already holds events.
    /// </summary>
    /// <returns>The number of events and streams written.</returns>
    public static async Task<(long Events, int Streams)> WriteAsync(IEventStore store, EventTypeRegistry registry, long events, int seed,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(registry);
        if ((await store.ReadHeadPositionAsync(cancellationToken)).Value != 0)
            throw new InvalidOperationException("the store already holds events: synthetic agencies are written only into an empty store, never beside real history");

        var next = -1;
        long written = 0;
        var streams = 0;
        var writers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Read(ref written) < events)
            {
                var index = Interlocked.Increment(ref next);
                var (stream, history) = Agency(index, seed);
                var commandId = Guid.CreateVersion7();
                var metadata = new EventMetadata(commandId, commandId, "synthetic");
                var data = history.Select(e => registry.ToEventData(e, Guid.CreateVersion7(), metadata)).ToArray();
                await store.AppendToStreamAsync(stream, StreamState.NoStream, data, cancellationToken);
                var total = Interlocked.Add(ref written, data.Length);
                progress?.Report(total);
                Interlocked.Increment(ref streams);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(writers);
        return (written, streams);
    }

    private static OrganisationCertificateInfo Organisation(string code, string name, string oid, string serial, DateTimeOffset at) => new(
        serial, GcaIssuer, GcaKeyId, $"OU={name}, O=行政院, C=TW", name, at.AddDays(-30), at.AddYears(5), oid, $"TG{code}", Thumbprint(serial));

    private static CitizenCertificateInfo Citizen(string name, string serial, DateTimeOffset at) => new(
        serial, MoicaIssuer, MoicaKeyId, $"CN={name}, C=TW", name, at.AddDays(-30), at.AddYears(8), "5678", $"TP03{serial.PadLeft(12, '0')}", Thumbprint(serial));

    private static GrantAuthorisation Authorisation(OrganisationCertificateInfo organisation, CitizenCertificateInfo manager, DateTimeOffset at) =>
        new(organisation.IssuerKeyId, organisation.SerialNumber, at.AddMinutes(-2), manager.IssuerKeyId, manager.SerialNumber, at.AddMinutes(-1));

    private static string Thumbprint(string serial) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(serial)));
}
