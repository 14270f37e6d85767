using System.Net;

namespace Pkix.Validation;

/// <summary>
/// Checks a leaf against an expected peer name: DNS by RFC 6125 §6.4 (case-insensitive, a wildcard only as
/// the whole left-most label, covering one label), IP and e-mail exactly against the subjectAltName.
/// </summary>
public static class PeerNameMatcher
{
    private const string CommonNameOid = "2.5.4.3";

    /// <summary>
    /// Matches an expected peer name. A DNS name is sought among the DNS-IDs of the subjectAltName; only when the
    /// certificate has no subjectAltName at all is the subject's most specific CN taken as a CN-ID (RFC 6125 §6.4.4
    /// allows it as a last resort, and never once a DNS-ID, SRV-ID or URI-ID is present).
    /// </summary>
    public static bool Matches(PkixCertificate leaf, GeneralNameKind kind, string expected)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(expected);
        var alternatives = leaf.SubjectAltNames ?? [];
        switch (kind)
        {
            case GeneralNameKind.Dns:
                var host = expected.TrimEnd('.').ToLowerInvariant();
                if (!IsReferenceHost(host))
                    return false;
                if (leaf.SubjectAltNames is null)
                    return CommonName(leaf) is { } cn && IsPresentedHost(cn) && DnsPatternMatches(cn.TrimEnd('.').ToLowerInvariant(), host);
                return alternatives.Any(n => n.Kind == GeneralNameKind.Dns && IsPresentedHost(n.Text!) && DnsPatternMatches(n.Text!.TrimEnd('.').ToLowerInvariant(), host));
            case GeneralNameKind.IpAddress:
                return IPAddress.TryParse(expected, out var ip) && expected.Contains(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? ':' : '.')
                    && alternatives.Any(n => n.Kind == GeneralNameKind.IpAddress && n.Bytes!.AsSpan().SequenceEqual(ip.GetAddressBytes()));
            case GeneralNameKind.Rfc822:
                return alternatives.Any(n => n.Kind == GeneralNameKind.Rfc822 && NameConstraintChecker.MailboxWithin(expected, n.Text!) == true
                    && n.Text!.Contains('@', StringComparison.Ordinal));
            default:
                return false;
        }
    }

    private static string? CommonName(PkixCertificate leaf) =>
        leaf.Subject.Rdns.SelectMany(r => r).LastOrDefault(a => a.Oid == CommonNameOid)?.Text;

    private static bool DnsPatternMatches(string pattern, string host)
    {
        if (pattern == host)
            return true;
        // Only a whole left-most label may be a wildcard, and it covers exactly one label (never a bare "*.tld").
        if (!pattern.StartsWith("*.", StringComparison.Ordinal) || pattern.IndexOf('*', 1) >= 0)
            return false;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && host[(dot + 1)..] == pattern[2..] && pattern.Count(c => c == '.') >= 2;
    }

    // A reference identifier is an ASCII host name (A-labels for IDNs): letters, digits, hyphens, dots.
    private static bool IsReferenceHost(string host) =>
        host.Length is > 0 and <= 253 && host.Split('.').All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));

    // A presented identifier may also carry a wildcard as its whole first label.
    private static bool IsPresentedHost(string name) =>
        IsReferenceHost(name.StartsWith("*.", StringComparison.Ordinal) ? name[2..].TrimEnd('.') : name.TrimEnd('.'));
}
