using System.Globalization;
using EventStore.Grpc.Access;
using Microsoft.Extensions.Configuration;

namespace EventStore.Grpc;

/// <summary>
/// The endpoint's configuration keys (<c>EventStore:Grpc:*</c>, docs/event-store.md "Access"), read and checked once at
/// start-up: a wrong value stops the host with one line naming the key to set.
/// </summary>
public sealed record KurrentEndpointSettings(
    bool AllowWrites,
    KurrentRole AnonymousRole,
    StreamScope AnonymousStreams,
    IReadOnlyList<KurrentUser> Users,
    string Listen,
    string? TlsCertificatePath,
    string? TlsKeyPath)
{
    public const string Section = "EventStore:Grpc";

    /// <summary>KurrentDB's own port, on loopback unless configured otherwise.</summary>
    public const string DefaultListen = "127.0.0.1:2113";

    public bool UsesTls => TlsCertificatePath is not null;

    public static KurrentEndpointSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var allowWrites = Flag(section, "AllowWrites");
        var anonymousRole = Role(section, "Anonymous:Role", KurrentRole.Reader);
        var anonymousStreams = StreamScope.Parse(section["Anonymous:Streams"]);

        var users = new List<KurrentUser>();
        foreach (var user in section.GetSection("Users").GetChildren())
        {
            var key = $"{Section}:Users:{user.Key}";
            var name = user["Name"] is { Length: > 0 } n ? n : throw new InvalidOperationException($"{key}:Name is not set.");
            var hash = user["PasswordHash"] is { Length: > 0 } h
                ? h
                : throw new InvalidOperationException($"{key}:PasswordHash is not set (make one with `dotnet run --project tools/KurrentHost -- hash-password`).");
            if (!PasswordHash.IsWellFormed(hash))
                throw new InvalidOperationException($"{key}:PasswordHash is not a hash from `dotnet run --project tools/KurrentHost -- hash-password`.");
            if (users.Any(u => u.Name == name))
                throw new InvalidOperationException($"{key}:Name '{name}' is configured twice.");
            users.Add(new KurrentUser(name, hash, Role(user, "Role", KurrentRole.Reader, key), StreamScope.Parse(user["Streams"])));
        }

        var listen = section["Listen"] is { Length: > 0 } l ? l : DefaultListen;
        if (!TryParseListen(listen, out _, out _))
            throw new InvalidOperationException($"{Section}:Listen '{listen}' is not address:port (an IP address, localhost or *; for example 127.0.0.1:2113).");
        var certificate = section["Tls:Certificate"] is { Length: > 0 } c ? c : null;
        var keyFile = section["Tls:Key"] is { Length: > 0 } k ? k : null;
        if ((certificate is null) != (keyFile is null))
            throw new InvalidOperationException($"{Section}:Tls:Certificate and {Section}:Tls:Key are set together (PEM files), or neither for tls=false.");
        foreach (var file in new[] { certificate, keyFile })
        {
            if (file is not null && !File.Exists(file))
                throw new InvalidOperationException($"{Section}:Tls: the file '{file}' does not exist.");
        }

        return new KurrentEndpointSettings(allowWrites, anonymousRole, anonymousStreams, users, listen, certificate, keyFile);
    }

    /// <summary>Splits <c>host:port</c> (the port may be 0: any free one).</summary>
    public static bool TryParseListen(string listen, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = listen?.LastIndexOf(':') ?? -1;
        if (colon <= 0)
            return false;
        host = listen![..colon].Trim('[', ']');
        return (host is "localhost" or "*" || System.Net.IPAddress.TryParse(host, out _))
            && int.TryParse(listen[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 0 and <= 65535;
    }

    private static bool Flag(IConfiguration section, string key) => section[key] switch
    {
        null or "" => false,
        var v when bool.TryParse(v, out var b) => b,
        var v => throw new InvalidOperationException($"{Section}:{key} is '{v}'; set true or false."),
    };

    private static KurrentRole Role(IConfiguration section, string key, KurrentRole fallback, string? prefix = null) =>
        (section[key] ?? "").Trim().ToLowerInvariant() switch
        {
            "" => fallback,
            "none" => KurrentRole.None,
            "reader" => KurrentRole.Reader,
            "writer" => KurrentRole.Writer,
            var other => throw new InvalidOperationException($"{prefix ?? Section}:{key} is '{other}'; use none, reader or writer."),
        };
}
