using System.Net;

namespace Domain.Certificates.Validation;

/// <summary>Checks a leaf's subjectAltName against an expected peer name (RFC 6125 style for DNS, exact for IP and e-mail).</summary>
public static class PeerNameMatcher
{
    /// <summary>Matches an expected peer name against a certificate's SANs (DNS with a left-most wildcard, IP, RFC 822).</summary>
    public static bool Matches(PkixCertificate leaf, GeneralNameKind kind, string expected)
    {
        var alternatives = leaf.SubjectAltNames ?? [];
        switch (kind)
        {
            case GeneralNameKind.Dns:
                var host = expected.TrimEnd('.').ToLowerInvariant();
                return alternatives.Any(n => n.Kind == GeneralNameKind.Dns && DnsPatternMatches(n.Text!.TrimEnd('.').ToLowerInvariant(), host));
            case GeneralNameKind.IpAddress:
                return IPAddress.TryParse(expected, out var ip)
                    && alternatives.Any(n => n.Kind == GeneralNameKind.IpAddress && n.Bytes!.AsSpan().SequenceEqual(ip.GetAddressBytes()));
            case GeneralNameKind.Rfc822:
                return alternatives.Any(n => n.Kind == GeneralNameKind.Rfc822 && NameConstraintChecker.MailboxWithin(expected, n.Text!) == true
                    && n.Text!.Contains('@', StringComparison.Ordinal));
            default:
                return false;
        }
    }

    private static bool DnsPatternMatches(string pattern, string host)
    {
        if (pattern == host)
            return true;
        // Only a whole left-most label may be a wildcard, and it covers exactly one label.
        if (!pattern.StartsWith("*.", StringComparison.Ordinal) || pattern.IndexOf('*', 1) >= 0)
            return false;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && host[(dot + 1)..] == pattern[2..] && pattern.Count(c => c == '.') >= 2;
    }
}
