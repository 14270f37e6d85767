using Domain.Certificates;

namespace TestPki;

/// <summary>The key types the test PKI issues; the names are the card image's <c>algorithm</c> values.</summary>
public enum KeyAlgorithm
{
    Rsa2048,
    EcP256,
}

/// <summary>Why a leaf exists: the behaviour a validator must show for it.</summary>
public enum LeafCase
{
    Valid,
    Expired,
    NotYetValid,
    Revoked,
    WrongKeyUsage,
    WrongIssuer,
    TestCa,
}

/// <summary>Whether a CA belongs to the hierarchy we accept, the test hierarchy we refuse, or an impostor.</summary>
public enum CaTrust
{
    /// <summary>Under the GRCA-like root: accepted.</summary>
    Production,

    /// <summary>Under the test root (政府測試憑證管理中心): must be refused.</summary>
    Test,

    /// <summary>Copies a real CA's name with its own key: must be refused.</summary>
    Rogue,
}

/// <summary>A citizen holder: the name printed on the card and the national ID it belongs to.</summary>
public sealed record CitizenHolder(string Name, string NationalId)
{
    public string LastFour => NationalId[^4..];
}

/// <summary>An organisation holder: the agency, its ministry, its code in the agency directory and its OID.</summary>
public sealed record OrganisationHolder(string AgencyName, string Ministry, string AgencyCode, string AgencyOid, string? BusinessNumber = null);

/// <summary>One CA of the generated hierarchy.</summary>
internal sealed record CaSpec(
    string Name,
    string OrganisationalUnit,
    string? IssuerName,
    CaTrust Trust,
    int? PathLength,
    string CardPrefix,
    CertificateKind IssuesKind,
    IReadOnlyList<string> Policies)
{
    public bool IsRoot => IssuerName is null;
}

/// <summary>One leaf of the generated hierarchy: its issuer, key, case and holder.</summary>
internal sealed record LeafSpec(
    string Name,
    string IssuerName,
    KeyAlgorithm Key,
    LeafCase Case,
    CitizenHolder? Citizen,
    OrganisationHolder? Agency)
{
    public CertificateKind Kind => Citizen is not null ? CertificateKind.Citizen : CertificateKind.Organisation;
}

/// <summary>
/// The shape of the test hierarchy, modelled on Taiwan's GPKI. Names here are stable: tests, the card
/// agent and browser tests refer to them, so rename nothing (add instead, and bump the generator version).
/// </summary>
internal static class Hierarchy
{
    public const string Executive = "行政院";

    // Made-up but plausible GPKI policy OIDs (assurance levels) under 2.16.886.101.0.3.
    public const string PolicyTest = TaiwanCertificateOids.PolicyArc + ".0";
    public const string PolicyLevel2 = TaiwanCertificateOids.PolicyArc + ".2";
    public const string PolicyLevel3 = TaiwanCertificateOids.PolicyArc + ".3";
    public const string PolicyLevel4 = TaiwanCertificateOids.PolicyArc + ".4";

    private static readonly string[] ProductionCaPolicies = [PolicyLevel2, PolicyLevel3, PolicyLevel4];
    private static readonly string[] TestCaPolicies = [PolicyTest];

    public static readonly IReadOnlyList<CaSpec> Cas =
    [
        new("grca", "政府憑證總管理中心", null, CaTrust.Production, 1, "", CertificateKind.Unknown, ProductionCaPolicies),
        new("gca", "政府憑證管理中心", "grca", CaTrust.Production, 0, "GC01", CertificateKind.Organisation, ProductionCaPolicies),
        new("xca", "組織及團體憑證管理中心", "grca", CaTrust.Production, 0, "XC01", CertificateKind.Organisation, ProductionCaPolicies),
        new("moeaca", "工商憑證管理中心", "grca", CaTrust.Production, 0, "MC01", CertificateKind.Organisation, ProductionCaPolicies),
        new("hca", "醫事憑證管理中心", "grca", CaTrust.Production, 0, "HC01", CertificateKind.Organisation, ProductionCaPolicies),
        // Two MOICA generations: one subject DN, two keys. Only key identifiers tell them apart.
        new("moica-g1", "內政部憑證管理中心", "grca", CaTrust.Production, 0, "TP01", CertificateKind.Citizen, ProductionCaPolicies),
        new("moica-g2", "內政部憑證管理中心", "grca", CaTrust.Production, 0, "TP03", CertificateKind.Citizen, ProductionCaPolicies),
        new("test-root", "政府測試憑證總管理中心", null, CaTrust.Test, 1, "", CertificateKind.Unknown, TestCaPolicies),
        new("test-gca", "政府測試憑證管理中心", "test-root", CaTrust.Test, 0, "TS01", CertificateKind.Unknown, TestCaPolicies),
        // An impostor pair: same names as GRCA and MOICA, keys of their own.
        new("rogue-root", "政府憑證總管理中心", null, CaTrust.Rogue, 1, "", CertificateKind.Unknown, ProductionCaPolicies),
        new("rogue-moica", "內政部憑證管理中心", "rogue-root", CaTrust.Rogue, 0, "TP03", CertificateKind.Citizen, ProductionCaPolicies),
    ];

    public static readonly IReadOnlyList<LeafSpec> Leaves =
    [
        Org("org-gca-rsa", "gca", KeyAlgorithm.Rsa2048, LeafCase.Valid, new("人事行政總處", Executive, "3230000", "2.16.886.101.20003.20012")),
        Org("org-gca-ec", "gca", KeyAlgorithm.EcP256, LeafCase.Valid, new("財政資訊中心", "財政部", "3011400", "2.16.886.101.20003.20065")),
        Org("org-xca-rsa", "xca", KeyAlgorithm.Rsa2048, LeafCase.Valid, new("私立明德高級中學", "教育部", "15023", "2.16.886.101.20003.30215")),
        Org("org-moeaca-rsa", "moeaca", KeyAlgorithm.Rsa2048, LeafCase.Valid, new("宏達測試科技股份有限公司", "經濟部", "3552417", "2.16.886.101.20003.40118", "24536806")),
        Org("org-hca-rsa", "hca", KeyAlgorithm.Rsa2048, LeafCase.Valid, new("衛生福利部中興醫院", "衛生福利部", "0131060029", "2.16.886.101.20003.50031")),
        Org("org-revoked", "gca", KeyAlgorithm.Rsa2048, LeafCase.Revoked, new("國家發展委員會", Executive, "3110000", "2.16.886.101.20003.20021")),
        Org("org-expired", "gca", KeyAlgorithm.Rsa2048, LeafCase.Expired, new("內政部戶政司", "內政部", "3010100", "2.16.886.101.20003.20030")),
        Org("org-test-ca", "test-gca", KeyAlgorithm.Rsa2048, LeafCase.TestCa, new("測試機關", Executive, "3999999", "2.16.886.101.20003.29999")),
        Citizen("citizen-moica2-rsa", "moica-g2", KeyAlgorithm.Rsa2048, LeafCase.Valid, "王小明", "A12345678"),
        Citizen("citizen-moica2-ec", "moica-g2", KeyAlgorithm.EcP256, LeafCase.Valid, "陳美玲", "B22061234"),
        Citizen("citizen-moica1-rsa", "moica-g1", KeyAlgorithm.Rsa2048, LeafCase.Valid, "林志豪", "F12893456"),
        Citizen("citizen-expired", "moica-g2", KeyAlgorithm.Rsa2048, LeafCase.Expired, "張淑芬", "H22416802"),
        Citizen("citizen-not-yet-valid", "moica-g2", KeyAlgorithm.Rsa2048, LeafCase.NotYetValid, "李建宏", "E12075319"),
        Citizen("citizen-revoked", "moica-g2", KeyAlgorithm.Rsa2048, LeafCase.Revoked, "黃雅婷", "D22580147"),
        Citizen("citizen-wrong-key-usage", "moica-g2", KeyAlgorithm.Rsa2048, LeafCase.WrongKeyUsage, "吳俊傑", "K12239658"),
        Citizen("citizen-wrong-issuer", "rogue-moica", KeyAlgorithm.Rsa2048, LeafCase.WrongIssuer, "劉怡君", "S22703164"),
        Citizen("citizen-test-ca", "test-gca", KeyAlgorithm.Rsa2048, LeafCase.TestCa, "蔡宗翰", "M12518370"),
    ];

    public static CaSpec Ca(string name) =>
        Cas.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"The test PKI has no CA named '{name}'.");

    private static LeafSpec Org(string name, string issuer, KeyAlgorithm key, LeafCase leafCase, OrganisationHolder holder) =>
        new(name, issuer, key, leafCase, null, holder);

    // The ID's check digit is computed, so the table stays readable and every ID is valid.
    private static LeafSpec Citizen(string name, string issuer, KeyAlgorithm key, LeafCase leafCase, string holderName, string idFirstNine) =>
        new(name, issuer, key, leafCase, new CitizenHolder(holderName, Domain.Common.NationalId.WithCheckDigit(idFirstNine).Value), null);
}
