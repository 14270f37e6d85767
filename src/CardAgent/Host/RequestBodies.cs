using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using CardAgent.Cards;
using CardAgent.Commands;

namespace CardAgent.Host;

/// <summary>
/// Reads the JSON bodies of API v1. The authenticate body is parsed by hand so that the PIN goes
/// straight from the request bytes into a wipeable <see cref="PinCode"/> and never becomes a string.
/// </summary>
public static class RequestBodies
{
    public const int MaxBodyBytes = 8 * 1024;

    /// <summary>Parses a body; null when it is not acceptable JSON.</summary>
    public delegate T? Parser<out T>(ReadOnlySpan<byte> json);

    /// <summary>The body's bytes in a pooled buffer (wiped and returned by the caller), or null when too large or unreadable.</summary>
    public static async Task<(byte[] Buffer, int Length)?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBodyBytes)
            return null;
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length, buffer.Length - length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > MaxBodyBytes)
                {
                    Return(buffer, length);
                    return null;
                }
            }
            return (buffer, length);
        }
        catch (IOException)
        {
            Return(buffer, length);
            return null;
        }
    }

    public static void Return(byte[] buffer, int length)
    {
        CryptographicOperations.ZeroMemory(buffer.AsSpan(0, Math.Min(length, buffer.Length)));
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Parses {reader, pin, challenge}; unknown members are ignored; null when the JSON is malformed.</summary>
    public static AuthenticateRequest? ParseAuthenticate(ReadOnlySpan<byte> json, string? origin)
    {
        string? reader = null, challenge = null;
        PinCode? pin = null;
        try
        {
            var parser = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            if (!parser.Read() || parser.TokenType != JsonTokenType.StartObject)
                return null;
            while (parser.Read() && parser.TokenType == JsonTokenType.PropertyName)
            {
                var name = parser.GetString();
                if (!parser.Read())
                    return Fail();
                switch (name)
                {
                    case "reader" when parser.TokenType == JsonTokenType.String:
                        reader = parser.GetString();
                        break;
                    case "challenge" when parser.TokenType == JsonTokenType.String:
                        challenge = parser.GetString();
                        break;
                    case "pin" when parser.TokenType == JsonTokenType.String:
                        pin?.Dispose();
                        pin = ReadPin(ref parser);
                        break;
                    case "reader" or "challenge" or "pin":
                        return Fail();
                    default:
                        parser.Skip();
                        break;
                }
            }
            if (parser.TokenType != JsonTokenType.EndObject)
                return Fail();
        }
        catch (JsonException)
        {
            return Fail();
        }
        return new AuthenticateRequest { Reader = reader, Challenge = challenge, Pin = pin, Origin = origin };

        AuthenticateRequest? Fail()
        {
            pin?.Dispose();
            return null;
        }
    }

    private static PinCode ReadPin(ref Utf8JsonReader parser)
    {
        // Unescaped UTF-8 of the PIN; anything longer than this is refused by the format rule anyway.
        Span<byte> scratch = stackalloc byte[64];
        var length = parser.HasValueSequence ? (int)parser.ValueSequence.Length : parser.ValueSpan.Length;
        if (length > scratch.Length)
            return PinCode.FromUtf8(new byte[PinRules.MaxLength + 1]);
        var written = parser.CopyString(scratch);
        var pin = PinCode.FromUtf8(scratch[..written]);
        CryptographicOperations.ZeroMemory(scratch);
        return pin;
    }

    /// <summary>Parses {reader, key}; null when the JSON is malformed.</summary>
    public static CertificateRequest? ParseCertificate(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<CertificateRequest>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
