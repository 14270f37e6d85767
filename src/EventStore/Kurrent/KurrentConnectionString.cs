using System.Globalization;

namespace EventStore.Kurrent;

/// <summary>
/// A KurrentDB connection string as the official clients take it:
/// <c>kurrentdb://[user:password@]host[:port][,host2[:port]…][?tls=false&amp;tlsCAFile=…]</c> (also <c>esdb://</c>, and
/// <c>+discover</c> to ask the given hosts' gossip for the cluster's leader). Unknown settings are refused, so a
/// misspelt one never silently falls back to a default.
/// </summary>
public sealed record KurrentConnectionString(
    IReadOnlyList<KurrentConnectionString.Endpoint> Hosts,
    bool Discover,
    bool Tls,
    bool VerifyCertificate,
    string? CaFile,
    string? UserName,
    string? Password,
    int MaxDiscoverAttempts,
    TimeSpan DiscoveryInterval,
    TimeSpan GossipTimeout)
{
    public const int DefaultPort = 2113;

    public sealed record Endpoint(string Host, int Port)
    {
        public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Many hosts, or discovery, mean a cluster: the leader is found through gossip.</summary>
    public bool IsCluster => Discover || Hosts.Count > 1;

    public bool HasCredentials => UserName is not null;

    /// <exception cref="FormatException">The string is not a KurrentDB connection string; the message says what is wrong (never the password).</exception>
    public static KurrentConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var schemeEnd = connectionString.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? connectionString[..schemeEnd].ToLowerInvariant() : "";
        var discover = scheme.EndsWith("+discover", StringComparison.Ordinal);
        if ((discover ? scheme[..^"+discover".Length] : scheme) is not ("kurrentdb" or "kurrent" or "esdb" or "eventstore"))
            throw new FormatException("a KurrentDB connection string starts with kurrentdb:// (or kurrentdb+discover://, esdb://)");
        var rest = connectionString[(schemeEnd + 3)..];
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart >= 0 ? rest[(queryStart + 1)..] : "";
        var authority = (queryStart >= 0 ? rest[..queryStart] : rest).TrimEnd('/');

        string? user = null, password = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                throw new FormatException("credentials in a KurrentDB connection string are user:password@");
            user = Uri.UnescapeDataString(userInfo[..colon]);
            password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            authority = authority[(at + 1)..];
        }

        var hosts = authority.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseHost).ToList();
        if (hosts.Count == 0)
            throw new FormatException("a KurrentDB connection string names at least one host");

        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? pair[..equals] : pair;
            settings[key] = equals > 0 ? Uri.UnescapeDataString(pair[(equals + 1)..]) : "";
        }

        var known = new[] { "tls", "tlsVerifyCert", "tlsCAFile", "nodePreference", "maxDiscoverAttempts", "discoveryInterval", "gossipTimeout", "connectionName", "defaultDeadline", "keepAliveInterval", "keepAliveTimeout" };
        var unknown = settings.Keys.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
            throw new FormatException($"the connection string setting '{unknown[0]}' is not known; use {string.Join(", ", known)}");
        if (settings.TryGetValue("nodePreference", out var preference) && !preference.Equals("leader", StringComparison.OrdinalIgnoreCase))
            throw new FormatException("this adapter reads and writes on the leader: nodePreference can only be leader");

        var tls = Flag(settings, "tls", true);
        if (user is not null && !tls)
            throw new FormatException("credentials travel only over TLS: remove user:password@ or set tls=true");
        return new KurrentConnectionString(
            hosts,
            discover,
            tls,
            Flag(settings, "tlsVerifyCert", true),
            settings.TryGetValue("tlsCAFile", out var ca) && ca.Length > 0 ? ca : null,
            user,
            password,
            (int)Number(settings, "maxDiscoverAttempts", 10),
            TimeSpan.FromMilliseconds(Number(settings, "discoveryInterval", 100)),
            TimeSpan.FromMilliseconds(Number(settings, "gossipTimeout", 5000)));
    }

    /// <summary>The string with any password replaced, for logs and error messages.</summary>
    public override string ToString() =>
        $"kurrentdb{(Discover ? "+discover" : "")}://{(UserName is null ? "" : UserName + ":***@")}{string.Join(',', Hosts)}?tls={(Tls ? "true" : "false")}";

    private static Endpoint ParseHost(string host)
    {
        var colon = host.LastIndexOf(':');
        if (colon < 0 || host.EndsWith(']'))
            return new Endpoint(host.Trim('[', ']'), DefaultPort);
        return int.TryParse(host.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? new Endpoint(host[..colon].Trim('[', ']'), port)
            : throw new FormatException($"'{host}' is not host:port");
    }

    private static bool Flag(Dictionary<string, string> settings, string key, bool fallback) =>
        !settings.TryGetValue(key, out var value) ? fallback
        : bool.TryParse(value, out var flag) ? flag
        : throw new FormatException($"the connection string setting {key} is true or false, not '{value}'");

    private static long Number(Dictionary<string, string> settings, string key, long fallback) =>
        !settings.TryGetValue(key, out var value) ? fallback
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number
        : throw new FormatException($"the connection string setting {key} is a positive number, not '{value}'");
}
