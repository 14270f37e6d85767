using System.Text;
using Domain.Certificates;

namespace Domain.People;

/// <summary>
/// Who owns a citizen certificate, as eCPA decides it: the personnel record's last four ID digits equal the
/// certificate's (2.16.886.1.100.2.51), <b>and</b> the record's name equals the certificate's CN once both are
/// normalised (Unicode NFKC, so full-width and compatibility forms agree; blanks and the middle dots of
/// transliterated names — · ‧ ・ ･ — removed). Four digits alone match one person in ten thousand; the name makes
/// a mistaken or borrowed account fail.
/// </summary>
public static class CertificateOwnership
{
    public static bool IsOwner(CertificateFacts certificate, string? recordLastFour, string? recordName)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.NationalIdLastFour is { Length: 4 } digits
            && string.Equals(digits, recordLastFour, StringComparison.Ordinal)
            && NormaliseName(certificate.CommonName) is { Length: > 0 } name
            && string.Equals(name, NormaliseName(recordName), StringComparison.Ordinal);
    }

    /// <summary>The form names are compared in.</summary>
    public static string NormaliseName(string? name)
    {
        var text = (name ?? "").Normalize(NormalizationForm.FormKC);
        var kept = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c is not ('\u00B7' or '\u2027' or '\u30FB' or '\uFF65' or '\u2022'))
                kept.Append(c);
        }
        return kept.ToString();
    }
}
