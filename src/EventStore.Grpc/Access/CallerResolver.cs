using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;

namespace EventStore.Grpc.Access;

/// <summary>
/// Turns a call's <c>authorization: Basic …</c> header (what the official clients send over TLS) into a
/// <see cref="KurrentCaller"/>; no header means anonymous. Wrong credentials answer UNAUTHENTICATED. A verified header is
/// remembered by a keyed digest, so the PBKDF2 cost is paid once per client rather than on every call.
/// </summary>
public sealed class CallerResolver
{
    private const int RememberedHeaders = 1024;

    private readonly KurrentEndpointSettings _settings;
    private readonly Dictionary<string, KurrentUser> _users;
    private readonly byte[] _digestKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, KurrentUser> _verified = new(StringComparer.Ordinal);

    public CallerResolver(KurrentEndpointSettings settings)
    {
        _settings = settings;
        _users = settings.Users.ToDictionary(u => u.Name, StringComparer.Ordinal);
        Anonymous = new KurrentCaller("anonymous", settings.AnonymousRole, settings.AllowWrites, settings.AnonymousStreams);
    }

    public KurrentCaller Anonymous { get; }

    public KurrentCaller Resolve(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrEmpty(header))
            return Anonymous;
        var user = Authenticate(header) ?? throw ProtocolErrors.Unauthenticated();
        return new KurrentCaller(user.Name, user.Role, _settings.AllowWrites, user.Streams);
    }

    private KurrentUser? Authenticate(string header)
    {
        var digest = Convert.ToHexString(HMACSHA256.HashData(_digestKey, Encoding.UTF8.GetBytes(header)));
        if (_verified.TryGetValue(digest, out var known))
            return known;
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return null;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !_users.TryGetValue(decoded[..colon], out var user) || !PasswordHash.Verify(decoded[(colon + 1)..], user.PasswordHash))
            return null;
        if (_verified.Count >= RememberedHeaders)
            _verified.Clear();
        _verified[digest] = user;
        return user;
    }
}
