using Domain.Certificates;

namespace Domain.Registration;

/// <summary>
/// What identifies a certificate across MOICA and GCA generations: the issuing key (authority key
/// identifier) and the serial number. Issuer DNs alone are shared by several generations.
/// </summary>
public readonly record struct CertificateKey
{
    public CertificateKey(string issuerKeyId, string serialNumber)
    {
        IssuerKeyId = (issuerKeyId ?? "").Trim().ToUpperInvariant();
        SerialNumber = CertificateSerial.Normalise(serialNumber) ?? (serialNumber ?? "").Trim().ToUpperInvariant();
    }

    public string IssuerKeyId { get; }

    public string SerialNumber { get; }

    public static CertificateKey Of(CertificateFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new CertificateKey(facts.IssuerKeyId, facts.SerialNumber);
    }

    public override string ToString() => $"{IssuerKeyId}:{SerialNumber}";
}

/// <summary>
/// The one way certificate serial numbers are compared: hex digits only, upper case, no leading zeros
/// beyond an even number of digits (07414FF9…, A1). Separators people type or paste (blanks, colons,
/// hyphens) are dropped.
/// </summary>
public static class CertificateSerial
{
    /// <summary>The longest serial RFC 5280 allows: 20 octets.</summary>
    public const int MaxHexDigits = 40;

    /// <summary>The canonical form, or null when the input is empty or not hexadecimal.</summary>
    public static string? Normalise(string? input)
    {
        var digits = new string((input ?? "").Where(c => !char.IsWhiteSpace(c) && c is not (':' or '-')).ToArray()).ToUpperInvariant();
        if (digits.Length == 0 || !digits.All(char.IsAsciiHexDigit))
            return null;
        var significant = digits.TrimStart('0');
        if (significant.Length == 0)
            return "00";
        if (significant.Length > MaxHexDigits)
            return null;
        return significant.Length % 2 == 0 ? significant : "0" + significant;
    }
}
