namespace Pkix.Validation;

/// <summary>
/// RFC 5280 §6.1.3 (b)/(c) name constraints. Each CA's constraints are kept separately and every
/// later certificate must satisfy all of them, which is the same as intersecting permitted subtrees
/// and uniting excluded ones, without computing the intersection.
/// </summary>
internal static class NameConstraintChecker
{
    /// <summary>
    /// Name-against-subtree comparisons one path may cost (names × subtrees, summed over its certificates). A crafted
    /// chain with thousands of names and constraints is refused beyond it instead of keeping a CPU busy; real
    /// certificates stay far below (OpenSSL draws the same line at 2^20).
    /// </summary>
    public const long MaxComparisonsPerPath = 1 << 20;

    /// <summary>
    /// Null when the certificate's names satisfy every constraint; otherwise why not. <paramref name="work"/> carries the
    /// comparisons the path has cost so far; past <see cref="MaxComparisonsPerPath"/> the certificate fails unchecked.
    /// </summary>
    public static string? Check(PkixCertificate certificate, IReadOnlyList<NameConstraintsExtension> constraints, bool isLeaf, ref long work)
    {
        if (constraints.Count == 0)
            return null;
        var names = NamesOf(certificate, isLeaf);
        long subtrees = constraints.Sum(set => (long)set.Permitted.Count + set.Excluded.Count);
        work += names.Count * subtrees;
        if (work > MaxComparisonsPerPath)
            return $"checking {names.Count} names against {subtrees} subtrees would take the path past {MaxComparisonsPerPath} name comparisons";
        // Host names are checked and lower-cased once per call, not once per comparison.
        var hosts = new DnsHosts();
        foreach (var set in constraints)
        {
            var permittedByKind = set.Permitted.ToLookup(s => s.Kind);
            var excludedByKind = set.Excluded.ToLookup(s => s.Kind);
            foreach (var name in names)
            {
                var permitted = permittedByKind[name.Kind];
                var excluded = excludedByKind[name.Kind];
                if (!permitted.Any() && !excluded.Any())
                    continue;
                if (!IsProcessable(name.Kind))
                    return $"a {name.Kind} name under a constraint on that form, which we cannot process";
                if (permitted.Any() && !permitted.Any(p => Matches(name, p, hosts) == true))
                    return $"{name} is outside the permitted subtrees";
                if (excluded.Any(e => Overlaps(name, e, hosts) != false))
                    return $"{name} is inside an excluded subtree";
            }
        }

        return null;
    }

    /// <summary>dNSName texts once checked: lower-cased, or null when malformed (a name may start with "*.", a constraint not).</summary>
    private sealed class DnsHosts
    {
        private readonly Dictionary<string, string?> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string?> _constraints = new(StringComparer.Ordinal);

        public string? Name(string text) => Normal(_names, text, allowWildcard: true);

        public string? Constraint(string text) => text.Length == 0 ? "" : Normal(_constraints, text, allowWildcard: false);

        private static string? Normal(Dictionary<string, string?> cache, string text, bool allowWildcard)
        {
            if (!cache.TryGetValue(text, out var normal))
                cache[text] = normal = IsHostName(text, allowWildcard) ? text.ToLowerInvariant() : null;
            return normal;
        }
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
    private static bool? Matches(GeneralName name, GeneralName subtree, DnsHosts hosts) => name.Kind switch
    {
        GeneralNameKind.Dns => Within(hosts.Name(name.Text!), hosts.Constraint(subtree.Text!)),
        GeneralNameKind.Rfc822 => MailboxWithin(name.Text!, subtree.Text!),
        GeneralNameKind.Uri => UriHost(name.Text!) is { } host ? HostWithin(host, subtree.Text!) : null,
        GeneralNameKind.IpAddress => IpWithin(name.Bytes!, subtree.Bytes!),
        GeneralNameKind.Directory => name.Directory!.IsWithin(subtree.Directory!),
        _ => null,
    };

    /// <summary>
    /// Could the name stand for anything inside the subtree? The same as <see cref="Matches"/>, except that a wildcard
    /// DNS name stands for every host it covers: <c>*.example.com</c> is excluded by <c>example.com</c> and also by
    /// <c>bad.example.com</c>, one of the hosts it would cover.
    /// </summary>
    private static bool? Overlaps(GeneralName name, GeneralName subtree, DnsHosts hosts) =>
        name.Kind == GeneralNameKind.Dns ? Overlap(hosts.Name(name.Text!), hosts.Constraint(subtree.Text!)) : Matches(name, subtree, hosts);

    /// <summary>
    /// RFC 5280 4.2.1.10: a dNSName constraint is a host name; the name satisfies it by adding labels on the left. A
    /// wildcard name (<c>*.example.com</c>) lies inside the subtree only when every host it covers does, i.e. when
    /// <c>example.com</c> itself does.
    /// </summary>
    internal static bool? DnsWithin(string name, string constraint)
    {
        var hosts = new DnsHosts();
        return Within(hosts.Name(name), hosts.Constraint(constraint));
    }

    /// <summary>
    /// Does any host the name covers lie inside the subtree: the name itself, or for <c>*.example.com</c>, any
    /// <c>label.example.com</c> — so the subtree is <c>example.com</c> or below it, or exactly one label below it.
    /// </summary>
    internal static bool? DnsOverlaps(string name, string constraint)
    {
        var hosts = new DnsHosts();
        return Overlap(hosts.Name(name), hosts.Constraint(constraint));
    }

    // Both sides already checked and lower-cased; null for a malformed one (a leading period or a wildcard is not a
    // dNSName constraint: only URI and e-mail constraints have the leading-period form).
    private static bool? Within(string? name, string? constraint)
    {
        if (name is null || constraint is null)
            return null;
        var domain = name.StartsWith("*.", StringComparison.Ordinal) ? name.AsSpan(2) : name.AsSpan();
        return constraint.Length == 0 || domain.SequenceEqual(constraint) || IsBelow(domain, constraint);
    }

    /// <summary>Whole labels added on the left: <c>www.example.com</c> is below <c>example.com</c>, <c>notexample.com</c> is not.</summary>
    private static bool IsBelow(ReadOnlySpan<char> host, string domain) =>
        host.Length > domain.Length && host[^(domain.Length + 1)] == '.' && host.EndsWith(domain, StringComparison.Ordinal);

    private static bool? Overlap(string? name, string? constraint)
    {
        var within = Within(name, constraint);
        if (within is not false || !name!.StartsWith("*.", StringComparison.Ordinal))
            return within;
        var domain = name[2..];
        return IsBelow(constraint, domain) && !constraint.AsSpan(0, constraint!.Length - domain.Length - 1).Contains('.');
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
