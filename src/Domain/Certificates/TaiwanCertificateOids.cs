namespace Domain.Certificates;

/// <summary>The object identifiers Taiwan's GPKI puts in certificates, named once for the parser and the test PKI.</summary>
public static class TaiwanCertificateOids
{
    /// <summary>Subject Directory Attributes (RFC 5280 4.2.1.8), where the Taiwan attributes below live.</summary>
    public const string SubjectDirectoryAttributes = "2.5.29.9";

    /// <summary>The certificate type (an OID value from the <see cref="CertificateTypeArc"/>): what the certificate is for.</summary>
    public const string CertificateType = "2.16.886.1.100.2.1";

    /// <summary>The card's class as a string ("primary", "secondary", "mobile", …); read past, never judged.</summary>
    public const string CertificateClass = "2.16.886.1.100.2.2";

    /// <summary>Last four digits of the holder's national ID (citizen certificates, MOICA), a UTF8String.</summary>
    public const string NationalIdLastFour = "2.16.886.1.100.2.51";

    /// <summary>Business number, 統一編號 (MOEACA's company certificates), a UTF8String of eight digits.</summary>
    public const string BusinessNumber = "2.16.886.1.100.2.101";

    /// <summary>The organisation's OID (GCA: under <see cref="AgencyOidArc"/>; XCA: under 2.16.886.111; …), an OID value.</summary>
    public const string AgencyOid = "2.16.886.1.100.2.102";

    /// <summary>The arc under which GCA's agency OIDs are assigned.</summary>
    public const string AgencyOidArc = "2.16.886.101.20003";

    /// <summary>Taiwan's country arc: every organisation OID a GPKI CA writes lies under it.</summary>
    public const string TaiwanArc = "2.16.886";

    /// <summary>The arc of GPKI certificate policies (assurance levels).</summary>
    public const string PolicyArc = "2.16.886.101.0.3";

    /// <summary>The arc of GPKI certificate types (the values of <see cref="CertificateType"/>).</summary>
    public const string CertificateTypeArc = "2.16.886.1.100.3";

    /// <summary>Natural persons' certificates: 3.1.1 MOICA's citizen card, 3.1.9 and others its other media, 3.1.7 HCA's health-professional card.</summary>
    public const string NaturalPersonTypeArc = "2.16.886.1.100.3.1";

    /// <summary>
    /// Organisations' certificates: GCA's agency 3.2.1.1 and unit 3.2.1.2 cards, MOEACA's company 3.2.2.1.1 (branch 3.2.3.3.1,
    /// firm 3.2.3.1), XCA's 3.2.11, HCA's health-care institution 3.2.21.
    /// </summary>
    public const string OrganisationTypeArc = "2.16.886.1.100.3.2";

    /// <summary>Servers and devices (3.3.1: a server application certificate, SSL / AP): never a card.</summary>
    public const string ServerTypeArc = "2.16.886.1.100.3.3";

    /// <summary>MOICA's citizen card (自然人憑證 IC 卡).</summary>
    public const string CitizenCardType = "2.16.886.1.100.3.1.1";

    /// <summary>GCA's agency card (機關憑證 IC 卡), as GPKI's published sample programs name it (no real one is at hand).</summary>
    public const string GcaAgencyCardType = "2.16.886.1.100.3.2.1.1";

    /// <summary>HCA's health-care institution card (醫事機構憑證), as HCA's published sample programs name it.</summary>
    public const string HcaInstitutionCardType = "2.16.886.1.100.3.2.21";

    /// <summary>MOEACA's company certificate (工商憑證), as the real MOEACA G2 company certificate carries it.</summary>
    public const string MoeacaCompanyType = "2.16.886.1.100.3.2.2.1.1";

    /// <summary>XCA's organisation certificate, as the real XCA school certificate carries it.</summary>
    public const string XcaOrganisationType = "2.16.886.1.100.3.2.11";

    /// <summary>GCA's server application certificate (SSL / AP): identifies a server, never an organisation's card.</summary>
    public const string GcaServerType = "2.16.886.1.100.3.3.1";

    /// <summary>Whether <paramref name="oid"/> is <paramref name="arc"/> itself or lies below it.</summary>
    public static bool IsUnder(string? oid, string arc) =>
        oid is not null && (oid == arc || oid.StartsWith(arc + ".", StringComparison.Ordinal));
}
