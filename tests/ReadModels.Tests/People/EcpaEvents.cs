using Domain.Certificates;
using Domain.Ecpa;
using Domain.People;
using EventStore;
using EventStore.Serialization;
using Pkix.Validation;
using ReadModels.Tests.TestSupport;

namespace ReadModels.Tests.People;

/// <summary>Appends sign-in and eCPA events to a test store the way the command handler does (stable names, JSON).</summary>
internal static class EcpaEvents
{
    public static readonly EventTypeRegistry Registry = EventTypeRegistry.FromAssemblies(typeof(PersonEvent).Assembly);
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    public static async Task AppendAsync(ReadSide side, string stream, params object[] events)
    {
        var data = events.Select(e => Registry.ToEventData(e, Guid.NewGuid(), new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), "test"))).ToArray();
        await side.Store.AppendToStreamAsync(stream, StreamState.Any, data);
    }

    public static CertificateFacts Citizen(string serial, string name = "王小明") => new(
        serial, "OU=內政部憑證管理中心,O=行政院,C=TW", "MOICA2KEY", $"CN={name},C=TW", name, null, null, "TW",
        Now.AddYears(-1), Now.AddYears(5), KeyUsageBits.DigitalSignature, [], null, "6789", CertificateKind.Citizen, "T" + serial);

    public static CertificateFacts Organisation(string serial) => new(
        serial, "OU=政府憑證管理中心,O=行政院,C=TW", "GCAKEY", "OU=行政院人事行政總處,O=行政院,C=TW", null, "行政院人事行政總處", "行政院", "TW",
        Now.AddYears(-1), Now.AddYears(5), KeyUsageBits.DigitalSignature, [], "2.16.886.101.20003.20012", null, CertificateKind.Organisation, "T" + serial);

    public static CitizenCertificateBound Bound(string person, string serial, DateTimeOffset at) =>
        new(person, "A12****789", "王小明", CertificateInfos.Citizen(Citizen(serial), null), BindingPaths.FirstSignIn, "cert:x", at);

    public static CitizenCertificateReplaced Replaced(string person, string previous, string serial, DateTimeOffset at) =>
        new(person, "A12****789", "王小明", "MOICA2KEY", previous, CertificateInfos.Citizen(Citizen(serial), null), BindingPaths.UpdateCertificate, "cert:y", at);

    public static OrganisationCertificateBound OrganisationBound(string agency, string serial, DateTimeOffset at) =>
        new(agency, "行政院人事行政總處", CertificateInfos.Organisation(Organisation(serial), "GC01"), null, null, "person", "王小明", "ecpa:demo01", at);

    public static ApplicationSystemGrantIssued Issued(string agency, string system, string right, string person, string name, DateTimeOffset at) =>
        new(agency, system, system + "系統", right, right + "權限", "2026-01", person, "A12****789", name, "acc-" + person, "GCAKEY", "0C01", "cert:GCAKEY:0C01", at);

    public static ApplicationSystemGrantRevoked Revoked(string agency, string system, string right, string person, DateTimeOffset at) =>
        new(agency, system, right, person, "A12****789", "x", "GCAKEY", "0C01", "cert:GCAKEY:0C01", at);
}
