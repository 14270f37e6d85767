using Domain.Certificates;
using Domain.Common;
using Domain.Ecpa;
using Domain.People;
using Domain.ReferenceData;
using Pkix.Validation;

namespace Domain.Tests.People;

/// <summary>The eCPA side's story in data: 王小明 and his cards, his agency and its organisation card. Monday 2026-11-23 10:00 Taiwan.</summary>
internal static class EcpaExamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = new(2026, 11, 23);
    public static readonly NationalId WangId = NationalId.WithCheckDigit("A12345678");
    public const string WangKey = "0123456789abcdef0123456789abcdef";
    public const string OtherKey = "fedcba9876543210fedcba9876543210";
    public static readonly AgencyCode Agency = AgencyCode.Of("3230000");
    public static readonly AgencyCode OtherAgency = AgencyCode.Of("3011400");
    public const string AgencyOid = "2.16.886.101.20003.20012";
    public static readonly AgencyDirectoryEntry DirectoryEntry = new(Agency, "行政院人事行政總處", [AgencyOid], "承保第一科");

    public static CertificateFacts CitizenCard(string serial = "1A01", string name = "王小明", string? lastFour = null, CertificateKind kind = CertificateKind.Citizen) => new(
        serial, "OU=內政部憑證管理中心,O=行政院,C=TW", "MOICA2KEY", $"CN={name},C=TW", name, null, null, "TW",
        new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2035, 12, 31, 0, 0, 0, TimeSpan.Zero),
        KeyUsageBits.DigitalSignature | KeyUsageBits.NonRepudiation, [], null, lastFour ?? WangId.LastFour, kind, $"THUMB{serial}");

    public static CertificateFacts OrganisationCard(string serial = "0C01", string oid = AgencyOid) => new(
        serial, "OU=政府憑證管理中心,O=行政院,C=TW", "GCAKEY", "OU=行政院人事行政總處,O=行政院,C=TW", null, "行政院人事行政總處", "行政院", "TW",
        new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2035, 12, 31, 0, 0, 0, TimeSpan.Zero),
        KeyUsageBits.DigitalSignature | KeyUsageBits.NonRepudiation, [], oid, null, CertificateKind.Organisation, $"THUMB{serial}");

    public static PersonOnRecord Wang(RecordStatus status = RecordStatus.Current) => new(status, "王小明", WangId.Masked, WangId.LastFour);

    /// <summary>A report of 王小明's at an agency (reported long ago, so in effect unless a day is given).</summary>
    public static PersonnelRecord Report(
        string category = "01", string unit = "秘書室", string? duty = null, EmploymentStatus status = EmploymentStatus.Current,
        AgencyCode? agency = null, DateOnly? reportedOn = null) =>
        new(WangId, "王小明", "wangxm", status, category, unit, duty, agency ?? Agency, reportedOn ?? new DateOnly(2025, 1, 6));

    public static BindCitizenCertificate Bind(
        CertificateFacts? card = null, PersonOnRecord? person = null, string? heldBy = null, string path = BindingPaths.FirstSignIn) =>
        new(Guid.NewGuid(), WangKey, "cert:MOICA2KEY:1A01", Now, card ?? CitizenCard(), "TP03000000000001", person ?? Wang(), heldBy, path);
}
