namespace Domain.Certificates;

/// <summary>The GPKI certification authorities whose end-entity certificates we read, told by the issuer name.</summary>
public enum GpkiIssuer
{
    /// <summary>Any other issuer: its certificates are of no kind we accept, whatever attributes they copy.</summary>
    None = 0,

    /// <summary>內政部憑證管理中心: citizen cards.</summary>
    Moica,

    /// <summary>政府憑證管理中心: government agencies.</summary>
    Gca,

    /// <summary>組織及團體憑證管理中心: schools, public bodies and other organisations.</summary>
    Xca,

    /// <summary>工商憑證管理中心: companies, public enterprises among them.</summary>
    Moeaca,

    /// <summary>醫事憑證管理中心: health-care institutions.</summary>
    Hca,

    /// <summary>政府測試憑證管理中心: GPKI's test CA, which issues certificates of every profile (refused later by key id).</summary>
    GovernmentTest,
}

/// <summary>Which GPKI CA an issuer name is: <c>C=TW, O=行政院, OU=&lt;CA name&gt;</c>, a "(測試用) " CA counted as the CA it imitates.</summary>
public static class GpkiIssuers
{
    private const string TestPrefix = "(測試用)";

    private static readonly Dictionary<string, GpkiIssuer> ByName = new(StringComparer.Ordinal)
    {
        ["內政部憑證管理中心"] = GpkiIssuer.Moica,
        ["政府憑證管理中心"] = GpkiIssuer.Gca,
        ["組織及團體憑證管理中心"] = GpkiIssuer.Xca,
        ["工商憑證管理中心"] = GpkiIssuer.Moeaca,
        ["醫事憑證管理中心"] = GpkiIssuer.Hca,
        ["政府測試憑證管理中心"] = GpkiIssuer.GovernmentTest,
    };

    /// <summary>The CA named by an issuer's C, O and OU (the most specific of each); <see cref="GpkiIssuer.None"/> for any other name.</summary>
    public static GpkiIssuer Of(string? country, string? organisation, string? organisationalUnit)
    {
        if (country != "TW" || organisation != "行政院" || organisationalUnit is null)
            return GpkiIssuer.None;
        var name = organisationalUnit.StartsWith(TestPrefix, StringComparison.Ordinal) ? organisationalUnit[TestPrefix.Length..].Trim() : organisationalUnit;
        return ByName.GetValueOrDefault(name, GpkiIssuer.None);
    }
}
