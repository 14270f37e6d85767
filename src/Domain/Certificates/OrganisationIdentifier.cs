using System.Text.RegularExpressions;

namespace Domain.Certificates;

/// <summary>
/// What identifies the holder of an organisation card, as a string: the organisation OID it carries in
/// 2.16.886.1.100.2.102 (GCA's agency OIDs under 2.16.886.101.20003, XCA's under 2.16.886.111, any arc under Taiwan's
/// 2.16.886), or, for MOEACA's company cards, which carry no OID, the business number (統一編號) in 2.16.886.1.100.2.101.
/// The agency directory lists, per agency, the identifiers its card may carry (docs/domain.md).
/// </summary>
public static partial class OrganisationIdentifier
{
    private static readonly int[] BusinessNumberWeights = [1, 2, 1, 2, 1, 2, 4, 1];

    /// <summary>An OID strictly under Taiwan's arc 2.16.886, written without leading zeros.</summary>
    public static bool IsOid(string? text) => text is not null && OidPattern().IsMatch(text);

    /// <summary>
    /// Eight digits whose check sum is a multiple of five (the Ministry of Finance's rule since 2023; every number valid
    /// under the older multiple-of-ten rule meets it): each digit times its weight (1,2,1,2,1,2,4,1), the product's digits
    /// added, 28's digits twice (1). With a 7 in the seventh place that 1 may also count as 0.
    /// </summary>
    public static bool IsBusinessNumber(string? text)
    {
        if (text is not { Length: 8 } || !text.All(char.IsAsciiDigit))
            return false;
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var product = (text[i] - '0') * BusinessNumberWeights[i];
            var digits = product / 10 + product % 10;
            sum += digits == 10 ? 1 : digits;
        }

        return sum % 5 == 0 || (text[6] == '7' && (sum - 1) % 5 == 0);
    }

    public static bool IsValid(string? text) => IsOid(text) || IsBusinessNumber(text);

    /// <summary>How the screens name it: 「統一編號 24536806」 or 「OID 2.16.886.101.20003.20012」.</summary>
    public static string Describe(string identifier) =>
        IsBusinessNumber(identifier) ? $"統一編號 {identifier}" : $"OID {identifier}";

    [GeneratedRegex(@"^2\.16\.886(\.(0|[1-9][0-9]{0,9}))+$")]
    private static partial Regex OidPattern();
}
