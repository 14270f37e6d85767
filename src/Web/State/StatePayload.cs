using System.Text.Json;
using System.Text.Json.Serialization;
using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using Microsoft.AspNetCore.DataProtection;

namespace Web.State;

/// <summary>
/// How server-side state rows are written: JSON of the record, encrypted and signed with the data-protection keys
/// (purpose <c>evs-state</c>), so what sits in the database table — verified cards, wizard runs with a typed national
/// ID — is unreadable and unforgeable without the key ring, which is itself encrypted with the configured certificate.
/// </summary>
public sealed class StatePayload(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("evs-state");

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters =
        {
            new TextConverter<NationalId>(id => id.Value, text => NationalId.Parse(text).Id ?? throw new JsonException("not a national ID")),
            new TextConverter<AgencyCode>(code => code.Value, text => AgencyCode.Parse(text).Code ?? throw new JsonException("not an agency code")),
            new TextConverter<CertificateKey>(key => $"{key.IssuerKeyId}:{key.SerialNumber}", text =>
            {
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? throw new JsonException("not a certificate key") : new CertificateKey(text[..colon], text[(colon + 1)..]);
            }),
        },
    };

    public byte[] Write<T>(T value) => _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(value, Json));

    /// <summary>Raw bytes (an uploaded file, a chunk of an export), encrypted as they are: no JSON around a large blob.</summary>
    public byte[] Seal(byte[] bytes) => _protector.Protect(bytes);

    /// <summary>The bytes <see cref="Seal"/> wrote, or null when they do not open.</summary>
    public byte[]? Open(byte[] sealedBytes)
    {
        try
        {
            return _protector.Unprotect(sealedBytes);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The record, or default when the bytes do not open (a key that is gone, a row written by someone else).</summary>
    public T? Read<T>(byte[] payload)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(_protector.Unprotect(payload), Json);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return default;
        }
    }

    /// <summary>A value type written as one string.</summary>
    private sealed class TextConverter<T>(Func<T, string> write, Func<string, T> read) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            read(reader.GetString() ?? throw new JsonException("null"));

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(write(value));
    }
}
