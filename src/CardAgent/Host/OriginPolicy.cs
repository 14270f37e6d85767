using CardAgent.Commands;

namespace CardAgent.Host;

/// <summary>
/// The exact-origin allow-list: an origin is allowed only when it equals, character for character,
/// one configured <c>scheme://host[:port]</c>. No wildcards, no <c>null</c>, no prefix matches.
/// </summary>
public sealed class OriginPolicy
{
    private readonly HashSet<string> allowed;

    public OriginPolicy(IEnumerable<string> origins)
    {
        allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var origin in origins)
        {
            if (!RequestChecks.IsSerializedOrigin(origin))
                throw new InvalidOperationException(
                    $"CardAgent:AllowedOrigins entry '{origin}' is not an exact origin (scheme://host[:port], lower case, no path, no wildcard)");
            allowed.Add(origin);
        }
    }

    public IReadOnlyCollection<string> Allowed => allowed;

    public bool IsAllowed(string? origin) => origin is not null && allowed.Contains(origin);
}

/// <summary>Checks that the agent only ever listens on loopback.</summary>
public static class LoopbackUrls
{
    /// <summary>Parses <c>CardAgent:Urls</c> and refuses any address that is not loopback.</summary>
    public static string[] Parse(string urls)
    {
        var list = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0)
            throw new InvalidOperationException("CardAgent:Urls is empty");
        foreach (var url in list)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "http"
                || !(uri.Host is "127.0.0.1" or "[::1]" or "localhost"))
                throw new InvalidOperationException($"CardAgent:Urls entry '{url}' is not a loopback http address (127.0.0.1, [::1] or localhost); the agent never listens on the network");
        }
        return list;
    }

    /// <summary>True when a Host header names this machine's loopback (a DNS-rebinding page sends its own name).</summary>
    public static bool IsLoopbackHost(HostString host) =>
        host.Host is "127.0.0.1" or "localhost" or "[::1]";
}
