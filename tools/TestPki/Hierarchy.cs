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

/// <summary>
/// An organisation holder: the agency, its ministry, its code in the agency directory and what its card identifies it by —
/// the organisation OID (GCA, XCA, HCA cards) or, on a MOEACA company card, which carries no OID, the business number.
/// </summary>
public sealed record OrganisationHolder(string AgencyName, string Ministry, string AgencyCode, string? AgencyOid, string? BusinessNumber = null)
{
    /// <summary>What the agency directory must list for this holder's card (<see cref="Domain.Certificates.OrganisationIdentifier"/>).</summary>
    public string Identifier => AgencyOid ?? BusinessNumber ?? throw new InvalidOperationException($"{AgencyName} has neither an OID nor a business number.");
}

/// <summary>One CA of the generated hierarchy.</summary>
/// <param name="OrganisationalUnit">Issuing CAs are <c>C=TW, O=行政院, OU=&lt;this&gt;</c>, with no CN, as Taiwan's are.</param>
/// <param name="OrganisationCardType">The certificate type its organisation cards carry (citizen cards carry MOICA's).</param>
/// <param name="Subject">A root's own name, in X.500 order (GRCA's generations are named otherwise than issuing CAs).</param>
internal sealed record CaSpec(
    string Name,
    string OrganisationalUnit,
    string? IssuerName,
    CaTrust Trust,
    int? PathLength,
    string CardPrefix,
    CertificateKind IssuesKind,
    IReadOnlyList<string> Policies,
    string? OrganisationCardType = null,
    IReadOnlyList<(string ShortName, string Value)>? Subject = null)
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
/// The shape of the test hierarchy, modelled on Taiwan's GPKI as its real certificates show it (tools/TestPki/realpki):
/// two GRCA generations, the current issuing CAs under GRCA G2, MOICA G3 under GRCA G3. Names here are stable: tests,
/// the card agent and browser tests refer to them, so rename only with every reference (and bump the generator version).
/// </summary>
internal static class Hierarchy
{
    public const string Executive = "行政院";

    /// <summary>GRCA G2's name, which G1 had before it (<c>C=TW, O=Government Root Certification Authority</c>).</summary>
    public static readonly (string, string)[] GrcaG2Name = [("C", "TW"), ("O", "Government Root Certification Authority")];

    /// <summary>GRCA G3's name (<c>C=TW, O=行政院, CN=Government Root Certification Authority - G3</c>).</summary>
    public static readonly (string, string)[] GrcaG3Name = [("C", "TW"), ("O", Executive), ("CN", "Government Root Certification Authority - G3")];

    // Made-up but plausible GPKI policy OIDs (assurance levels) under 2.16.886.101.0.3.
    public const string PolicyTest = TaiwanCertificateOids.PolicyArc + ".0";
    public const string PolicyLevel2 = TaiwanCertificateOids.PolicyArc + ".2";
    public const string PolicyLevel3 = TaiwanCertificateOids.PolicyArc + ".3";
    public const string PolicyLevel4 = TaiwanCertificateOids.PolicyArc + ".4";

    private static readonly string[] ProductionCaPolicies = [PolicyLevel2, PolicyLevel3, PolicyLevel4];
    private static readonly string[] TestCaPolicies = [PolicyTest];

    public static readonly IReadOnlyList<CaSpec> Cas =
    [
        new("grca-g2", "", null, CaTrust.Production, 1, "", CertificateKind.Unknown, ProductionCaPolicies, Subject: GrcaG2Name),
        new("grca-g3", "", null, CaTrust.Production, 1, "", CertificateKind.Unknown, ProductionCaPolicies, Subject: GrcaG3Name),
        new("gca", "政府憑證管理中心", "grca-g2", CaTrust.Production, 0, "GC01", CertificateKind.Organisation, ProductionCaPolicies, TaiwanCertificateOids.GcaAgencyCardType),
        new("xca", "組織及團體憑證管理中心", "grca-g2", CaTrust.Production, 0, "XC01", CertificateKind.Organisation, ProductionCaPolicies, TaiwanCertificateOids.XcaOrganisationType),
        new("moeaca", "工商憑證管理中心", "grca-g2", CaTrust.Production, 0, "MC01", CertificateKind.Organisation, ProductionCaPolicies, TaiwanCertificateOids.MoeacaCompanyType),
        new("hca", "醫事憑證管理中心", "grca-g2", CaTrust.Production, 0, "HC01", CertificateKind.Organisation, ProductionCaPolicies, TaiwanCertificateOids.HcaInstitutionCardType),
        // Two MOICA generations: one subject DN, two keys, two roots. Only key identifiers tell them apart.
        new("moica-g2", "內政部憑證管理中心", "grca-g2", CaTrust.Production, 0, "TP03", CertificateKind.Citizen, ProductionCaPolicies),
        new("moica-g3", "內政部憑證管理中心", "grca-g3", CaTrust.Production, 0, "TP05", CertificateKind.Citizen, ProductionCaPolicies),
        new("test-root", "政府測試憑證總管理中心", null, CaTrust.Test, 1, "", CertificateKind.Unknown, TestCaPolicies),
        new("test-gca", "政府測試憑證管理中心", "test-root", CaTrust.Test, 0, "TS01", CertificateKind.Unknown, TestCaPolicies, TaiwanCertificateOids.GcaAgencyCardType),
        // An impostor pair: the names of GRCA G2 and MOICA, keys of their own.
        new("rogue-root", "", null, CaTrust.Rogue, 1, "", CertificateKind.Unknown, ProductionCaPolicies, Subject: GrcaG2Name),
        new("rogue-moica", "內政部憑證管理中心", "rogue-root", CaTrust.Rogue, 0, "TP03", CertificateKind.Citizen, ProductionCaPolicies),
    ];

    public static readonly IReadOnlyList<LeafSpec> Leaves =
    [
        Org("org-gca-rsa", "gca", KeyAlgorithm.Rsa2048, LeafCase.Valid, new("人事行政總處", Executive, "3230000", "2.16.886.101.20003.20012")),
        Org("org-gca-ec", "gca", KeyAlgorithm.EcP256, LeafCase.Valid, new("財政資訊中心", "財政部", "3011400", "2.16.886.101.20003.20065")),
        // XCA writes organisation OIDs of its own arc; MOEACA's company cards carry only the business number.
        Org("org-xca-rsa", "xca", KeyAlgorithm.Rsa2048, LeafCase.Valid, new("私立明德高級中學", "教育部", "15023", "2.16.886.111.90005.90001.30215")),
        Org("org-moeaca-rsa", "moeaca", KeyAlgorithm.Rsa2048, LeafCase.Valid, new("宏達測試科技股份有限公司", "經濟部", "3552417", null, "24536806")),
        Org("org-hca-rsa", "hca", KeyAlgorithm.Rsa2048, LeafCase.Valid, new("衛生福利部中興醫院", "衛生福利部", "0131060029", "2.16.886.101.20003.50031")),
        Org("org-revoked", "gca", KeyAlgorithm.Rsa2048, LeafCase.Revoked, new("國家發展委員會", Executive, "3110000", "2.16.886.101.20003.20021")),
        Org("org-expired", "gca", KeyAlgorithm.Rsa2048, LeafCase.Expired, new("內政部戶政司", "內政部", "3010100", "2.16.886.101.20003.20030")),
        Org("org-test-ca", "test-gca", KeyAlgorithm.Rsa2048, LeafCase.TestCa, new("測試機關", Executive, "3999999", "2.16.886.101.20003.29999")),
        Citizen("citizen-moica2-rsa", "moica-g2", KeyAlgorithm.Rsa2048, LeafCase.Valid, "王小明", "A12345678"),
        Citizen("citizen-moica2-ec", "moica-g2", KeyAlgorithm.EcP256, LeafCase.Valid, "陳美玲", "B22061234"),
        Citizen("citizen-moica3-rsa", "moica-g3", KeyAlgorithm.Rsa2048, LeafCase.Valid, "林志豪", "F12893456"),
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
