namespace Domain.Certificates;

/// <summary>The object identifiers Taiwan's GPKI puts in certificates, named once for the parser and the test PKI.</summary>
public static class TaiwanCertificateOids
{
    /// <summary>Subject Directory Attributes (RFC 5280 4.2.1.8), where the Taiwan attributes below live.</summary>
    public const string SubjectDirectoryAttributes = "2.5.29.9";

    /// <summary>Last four digits of the holder's national ID (citizen certificates, MOICA).</summary>
    public const string NationalIdLastFour = "2.16.886.1.100.2.51";

    /// <summary>Business number, 統一編號 (MOEACA certificates).</summary>
    public const string BusinessNumber = "2.16.886.1.100.2.101";

    /// <summary>The agency's OID (organisation certificates: GCA, XCA, …).</summary>
    public const string AgencyOid = "2.16.886.1.100.2.102";

    /// <summary>The arc under which agency OIDs are assigned.</summary>
    public const string AgencyOidArc = "2.16.886.101.20003";

    /// <summary>The arc of GPKI certificate policies (assurance levels).</summary>
    public const string PolicyArc = "2.16.886.101.0.3";
}
