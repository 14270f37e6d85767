namespace HiPkiEmulator;

/// <summary>
/// HiPKI's trusted-site list, by host name as <c>/addDomain?domain=</c> takes it. Thread-safe; written
/// back to <see cref="EmulatorOptions.TrustedSitesFile"/> when one is configured.
/// </summary>
public sealed class TrustedSites
{
    private readonly HashSet<string> hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? file;

    public TrustedSites(EmulatorOptions options)
    {
        file = options.TrustedSitesFile;
        foreach (var host in options.TrustedSites)
            hosts.Add(host.Trim());
        if (file is not null && File.Exists(file))
        {
            foreach (var line in File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0))
                hosts.Add(line);
        }
    }

    public bool Contains(string host)
    {
        lock (hosts)
            return hosts.Contains(host);
    }

    public void Add(string host)
    {
        lock (hosts)
        {
            if (!hosts.Add(host) || file is null)
                return;
            File.WriteAllLines(file, hosts.Order(StringComparer.Ordinal));
        }
    }

    /// <summary>A host name as /addDomain accepts it: letters, digits, dots and hyphens (no scheme, port or path).</summary>
    public static bool IsHostName(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 253 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');
}
