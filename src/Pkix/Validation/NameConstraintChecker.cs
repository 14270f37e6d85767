namespace Pkix.Validation;

/// <summary>
/// RFC 5280 §6.1.3 (b)/(c) name constraints. Each CA's constraints are kept separately and every
/// later certificate must satisfy all of them, which is the same as intersecting permitted subtrees
/// and uniting excluded ones, without computing the intersection.
/// </summary>
internal static class NameConstraintChecker
{
    /// <summary>Null when the certificate's names satisfy every constraint; otherwise why not.</summary>
    public static string? Check(PkixCertificate certificate, IReadOnlyList<NameConstraintsExtension> constraints, bool isLeaf)
    {
        if (constraints.Count == 0)
            return null;
        var names = NamesOf(certificate, isLeaf);
        foreach (var set in constraints)
        {
            foreach (var name in names)
            {
                var permitted = set.Permitted.Where(s => s.Kind == name.Kind).ToList();
                var excluded = set.Excluded.Where(s => s.Kind == name.Kind).ToList();
                if (permitted.Count == 0 && excluded.Count == 0)
                    continue;
                if (!IsProcessable(name.Kind))
                    return $"a {name.Kind} name under a constraint on that form, which we cannot process";
                if (permitted.Count > 0 && !permitted.Any(p => Matches(name, p) == true))
                    return $"{name} is outside the permitted subtrees";
                if (excluded.Any(e => Matches(name, e) != false))
                    return $"{name} is inside an excluded subtree";
            }
        }

        return null;
    }

    private static List<GeneralName> NamesOf(PkixCertificate certificate, bool isLeaf)
    {
        var names = new List<GeneralName>();
        if (!certificate.Subject.IsEmpty)
            names.Add(new GeneralName(GeneralNameKind.Directory, null, null, certificate.Subject));
        if (certificate.SubjectAltNames is { } alternatives)
            names.AddRange(alternatives);
        // RFC 5280 4.2.1.10: emailAddress in the subject is constrained like rfc822Name when there is no SAN.
        else if (isLeaf)
            names.AddRange(certificate.Subject.EmailAddresses.Select(e => new GeneralName(GeneralNameKind.Rfc822, e, null, null)));
        return names;
    }

    private static bool IsProcessable(GeneralNameKind kind) =>
        kind is GeneralNameKind.Dns or GeneralNameKind.Rfc822 or GeneralNameKind.Uri or GeneralNameKind.IpAddress or GeneralNameKind.Directory;

    /// <summary>True when the name lies in the subtree, false when not, null when the two cannot be compared (malformed).</summary>
    private static bool? Matches(GeneralName name, GeneralName subtree) => name.Kind switch
    {
        GeneralNameKind.Dns => DnsWithin(name.Text!, subtree.Text!),
        GeneralNameKind.Rfc822 => MailboxWithin(name.Text!, subtree.Text!),
        GeneralNameKind.Uri => UriHost(name.Text!) is { } host ? HostWithin(host, subtree.Text!) : null,
        GeneralNameKind.IpAddress => IpWithin(name.Bytes!, subtree.Bytes!),
        GeneralNameKind.Directory => name.Directory!.IsWithin(subtree.Directory!),
        _ => null,
    };

    /// <summary>RFC 5280 4.2.1.10: a dNSName constraint is a host name; the name satisfies it by adding labels on the left.</summary>
    internal static bool? DnsWithin(string name, string constraint)
    {
        // A leading period or a wildcard is not a dNSName constraint (only URI and e-mail constraints have the
        // leading-period form), and a malformed name cannot be shown to lie inside any subtree.
        if (!IsHostName(name, allowWildcard: true) || (constraint.Length > 0 && !IsHostName(constraint, allowWildcard: false)))
            return null;
        name = name.ToLowerInvariant();
        constraint = constraint.ToLowerInvariant();
        return constraint.Length == 0 || name == constraint || name.EndsWith("." + constraint, StringComparison.Ordinal);
    }

    /// <summary>rfc822Name constraints: a mailbox, a host (mailboxes at exactly that host) or ".domain" (hosts below it).</summary>
    internal static bool? MailboxWithin(string mailbox, string constraint)
    {
        if (SplitMailbox(mailbox) is not var (local, host))
            return null;
        if (constraint.Contains('@', StringComparison.Ordinal))
        {
            return SplitMailbox(constraint) is var (constraintLocal, constraintHost)
                ? string.Equals(local, constraintLocal, StringComparison.Ordinal) && string.Equals(host, constraintHost, StringComparison.OrdinalIgnoreCase)
                : null;
        }

        return HostWithin(host, constraint);
    }

    // URI and e-mail constraints: "host" means exactly that host, ".domain" any host below it.
    private static bool? HostWithin(string host, string constraint)
    {
        if (constraint.Length == 0)
            return true;
        var below = constraint[0] == '.';
        if (!IsHostName(below ? constraint[1..] : constraint, allowWildcard: false))
            return null;
        host = host.ToLowerInvariant();
        constraint = constraint.ToLowerInvariant();
        return below ? host.EndsWith(constraint, StringComparison.Ordinal) : host == constraint;
    }

    /// <summary>local@host with exactly one unquoted '@' and a well-formed host; null otherwise.</summary>
    private static (string Local, string Host)? SplitMailbox(string mailbox)
    {
        var at = mailbox.LastIndexOf('@');
        if (at <= 0 || !IsAscii(mailbox))
            return null;
        var local = mailbox[..at];
        var quoted = local.Length >= 2 && local[0] == '"' && local[^1] == '"';
        if (!quoted && local.Contains('@', StringComparison.Ordinal))
            return null;
        var host = mailbox[(at + 1)..];
        return IsHostName(host, allowWildcard: false) ? (local, host) : null;
    }

    /// <summary>Letters, digits and hyphens in non-empty labels of at most 63, separated by single dots; optionally "*." first.</summary>
    private static bool IsHostName(string name, bool allowWildcard)
    {
        if (allowWildcard && name.StartsWith("*.", StringComparison.Ordinal))
            name = name[2..];
        if (name.Length is 0 or > 253)
            return false;
        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                return false;
        }

        return true;
    }

    private static string? UriHost(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Host.Length > 0 && parsed.HostNameType == UriHostNameType.Dns
            ? parsed.Host
            : null;

    private static bool? IpWithin(byte[] address, byte[] constraint)
    {
        if (constraint.Length != address.Length * 2 || address.Length is not (4 or 16))
            return address.Length is 4 or 16 && constraint.Length is 8 or 32 ? false : null;
        var mask = constraint.AsSpan(address.Length);
        if (!IsContiguousMask(mask))
            return null;
        for (var i = 0; i < address.Length; i++)
        {
            if ((address[i] & mask[i]) != (constraint[i] & mask[i]))
                return false;
        }

        return true;
    }

    private static bool IsContiguousMask(ReadOnlySpan<byte> mask)
    {
        var seenZero = false;
        foreach (var b in mask)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                var set = (b >> bit & 1) == 1;
                if (set && seenZero) return false;
                if (!set) seenZero = true;
            }
        }

        return true;
    }

    private static bool IsAscii(string text) => text.All(char.IsAscii);
}
