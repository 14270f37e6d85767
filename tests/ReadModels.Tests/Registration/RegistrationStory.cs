using Domain.Registration;
using EventStore;
using EventStore.Serialization;
using ReadModels.Projections;
using ReadModels.Tests.TestSupport;

namespace ReadModels.Tests.Registration;

/// <summary>
/// Registration events as the decider writes them, appended to agencies' streams of a real SQLite store, and the
/// registration projections run over them to the head.
/// </summary>
internal sealed class RegistrationStory(ReadSide readSide)
{
    public static readonly EventTypeRegistry Registry = EventTypeRegistry.FromAssemblies(typeof(AgencyRegistered).Assembly);

    /// <summary>Monday 2026-06-01 10:00 Taiwan time.</summary>
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    public const string ManagerIdValue = "A123456789";

    public async Task AppendAsync(string agencyCode, params RegistrationEvent[] events)
    {
        var metadata = new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), "test");
        var data = events.Select(e => Registry.ToEventData(e, Guid.NewGuid(), metadata)).ToArray();
        await readSide.Store.AppendToStreamAsync($"registration-{agencyCode}", StreamState.Any, data);
    }

    public async Task ProjectAsync(IProjection projection) => await readSide.RunToHeadAsync(projection);

    public static OrganisationCertificateInfo Organisation(string serial, string oid = "2.16.886.101.20003.20012", string issuerKeyId = "GCAKEY") => new(
        serial, "OU=政府憑證管理中心,O=行政院,C=TW", issuerKeyId, "OU=人事行政總處,O=行政院,C=TW", "人事行政總處",
        new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2035, 12, 31, 23, 59, 59, TimeSpan.Zero), oid, "GCA0000000000001", "THUMB" + serial);

    public static CitizenCertificateInfo Citizen(string serial, string name = "王小明", string lastFour = "6789", string issuerKeyId = "MOICA2KEY") => new(
        serial, "OU=內政部憑證管理中心,O=行政院,C=TW", issuerKeyId, $"CN={name},C=TW", name,
        new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2035, 12, 31, 23, 59, 59, TimeSpan.Zero), lastFour, "MOIC000000000001", "THUMB" + serial);

    public static ManagerContact Contact(string name = "王小明") => new(name, "wang@example.gov.tw", "(02)2701-3411", "123", null);

    public static AgencyRegistered Registered(string agency, string name, string orgSerial, string managerSerial, DateTimeOffset at, int? reviewCase = null) =>
        new(agency, name, "2025-01", Organisation(orgSerial), reviewCase, Citizen(managerSerial), ManagerIdValue, Contact(), "cert:MOICA2KEY:" + managerSerial, at);

    public static OrganisationCertificateReplaced OrganisationSwapped(string agency, string previousSerial, string newSerial, DateTimeOffset at) =>
        new(agency, "2025-01", "GCAKEY", previousSerial, Organisation(newSerial), null, Contact(), "cert:x", at);

    public static ManagerCertificateReplaced ManagerSwapped(string agency, string previousSerial, string newSerial, string nationalId, DateTimeOffset at) =>
        new(agency, "2025-01", "MOICA2KEY", previousSerial, Citizen(newSerial, "陳美玲", nationalId[^4..]), nationalId, Contact("陳美玲"), "cert:y", at);

    public static OidReviewRequested ReviewRequested(string agency, string name, int caseNumber, string oid, DateTimeOffset at, string desk = "承保第一科") =>
        new(agency, caseNumber, name, ["2.16.886.101.20003.20012"], desk, Organisation("5A" + caseNumber, oid), "李申請", "(02)2345-6789", "501", "cert:GCAKEY:5A", at);
}
