using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pkix.Validation;

namespace Domain.Certificates.Cards;

/// <summary>A card token as the agent returns it (format <c>evs-auth/1</c>, docs/architecture.md), decoded.</summary>
public sealed record CardToken(byte[] Certificate, byte[] Signature, string Algorithm)
{
    public const string Format = "evs-auth/1";

    /// <summary>Tokens larger than this are refused before parsing (a certificate is a few kilobytes).</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>Reads the token JSON strictly: the format, three base64 fields, nothing oversized.</summary>
    public static (CardToken? Token, CardFailure? Failure) Parse(string json)
    {
        static (CardToken?, CardFailure?) Fail(CertificateFailureCode code, string detail) => (null, CardFailure.Of(code, detail));
        if (string.IsNullOrEmpty(json) || Encoding.UTF8.GetByteCount(json) > MaxBytes)
            return Fail(CertificateFailureCode.Malformed, $"the token is empty or larger than {MaxBytes} bytes");
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Fail(CertificateFailureCode.Malformed, "the token is not a JSON object");
            string? Text(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            if (Text("format") != Format)
                return Fail(CertificateFailureCode.Malformed, $"the token format is not {Format}");
            var algorithm = Text("algorithm");
            if (algorithm is null)
                return Fail(CertificateFailureCode.Malformed, "the token names no algorithm");
            var certificate = Base64(Text("certificate"));
            var signature = Base64(Text("signature"));
            if (certificate is null || signature is null)
                return Fail(CertificateFailureCode.Malformed, "the token's certificate or signature is not valid base64");
            return (new CardToken(certificate, signature, algorithm), null);
        }
        catch (JsonException e)
        {
            return Fail(CertificateFailureCode.Malformed, "the token is not valid JSON: " + e.Message);
        }
    }

    /// <summary>The token as the agent sends it (the agent's writer and tests use this, so the format is written in one place).</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["format"] = Format,
        ["certificate"] = Convert.ToBase64String(Certificate),
        ["signature"] = Convert.ToBase64String(Signature),
        ["algorithm"] = Algorithm,
    });

    private static byte[]? Base64(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}

/// <summary>A verified token: the certificate's facts and the validated path.</summary>
public readonly record struct CardTokenResult(ValidatedCardCertificate? Certificate, CardFailure? Failure)
{
    public bool IsValid => Certificate is not null;
}

/// <summary>
/// Verifies a card token: the signature over <c>H(origin) ‖ H(challenge)</c> with RS256, PS256, ES256 or
/// ES384, recomputed from the server's own origin and the challenge it issued (never from the token),
/// then the certificate for the expected kind.
/// </summary>
public sealed class CardTokenVerifier(CardCertificateValidator validator)
{
    /// <param name="tokenJson">The token as posted by the page.</param>
    /// <param name="serverOrigin">This server's own origin (<c>scheme://host[:port]</c>).</param>
    /// <param name="requestOrigin">The request's Origin header, when the caller has one: another origin is refused outright.</param>
    /// <param name="challenge">The challenge this server issued for this session and step, already taken from the store.</param>
    /// <param name="requirePss">
    /// Refuse RS256: HiPKI's PKCS1 mode signs any 64 bytes a page gives it, so an RS256 token of our format proves no
    /// origin. PS256 cannot be made that way.
    /// </param>
    public async Task<CardTokenResult> VerifyAsync(
        string tokenJson, string serverOrigin, string? requestOrigin, string challenge, CertificateKind expected, CancellationToken cancellationToken = default, bool requirePss = false)
    {
        ArgumentNullException.ThrowIfNull(serverOrigin);
        ArgumentNullException.ThrowIfNull(challenge);
        if (requestOrigin is not null && !string.Equals(requestOrigin, serverOrigin, StringComparison.Ordinal))
            return Fail(CardCheck.OriginMismatch, $"the request comes from {requestOrigin}, not {serverOrigin}");
        var (token, parseFailure) = CardToken.Parse(tokenJson);
        if (token is null)
            return new CardTokenResult(null, parseFailure);
        var parse = PkixCertificate.Parse(token.Certificate);
        if (parse.Certificate is not { } certificate)
            return Fail(CertificateFailureCode.Malformed, "the token's certificate cannot be read: " + parse.Error);

        if (requirePss && token.Algorithm == "RS256")
            return Fail(CardCheck.PssRequired, "an RS256 token where PS256 is required");
        var signatureCheck = VerifySignature(token, certificate, serverOrigin, challenge);
        if (signatureCheck is not null)
            return new CardTokenResult(null, signatureCheck);
        var result = await validator.ValidateAsync(certificate, expected, cancellationToken).ConfigureAwait(false);
        return new CardTokenResult(result.Certificate, result.Failure);
    }

    /// <summary>The value the card signs: H(UTF-8 origin) ‖ H(UTF-8 challenge).</summary>
    public static byte[] SignedValue(HashAlgorithmName hash, string origin, string challenge)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(challenge);
        return [.. Hash(hash, Encoding.UTF8.GetBytes(origin)), .. Hash(hash, Encoding.UTF8.GetBytes(challenge))];
    }

    private static CardFailure? VerifySignature(CardToken token, PkixCertificate certificate, string origin, string challenge)
    {
        var (hash, kind) = token.Algorithm switch
        {
            "RS256" => (HashAlgorithmName.SHA256, "rsa-pkcs1"),
            "PS256" => (HashAlgorithmName.SHA256, "rsa-pss"),
            "ES256" => (HashAlgorithmName.SHA256, "ec-256"),
            "ES384" => (HashAlgorithmName.SHA384, "ec-384"),
            _ => (default, ""),
        };
        if (kind.Length == 0)
            return CardFailure.Of(CertificateFailureCode.UnsupportedAlgorithm, $"the token algorithm '{Truncate(token.Algorithm)}' is not one of RS256, PS256, ES256, ES384");

        var value = SignedValue(hash, origin, challenge);
        var key = certificate.PlatformPublicKey;
        bool verified;
        switch (kind, key)
        {
            case ("rsa-pkcs1" or "rsa-pss", RSA rsa) when certificate.RsaModulusBits >= 2048:
                if (token.Signature.Length != (certificate.RsaModulusBits + 7) / 8)
                    return CardFailure.Of(CertificateFailureCode.SignatureInvalid, "the RSA signature does not have the key's length");
                verified = rsa.VerifyData(value, token.Signature, hash, kind == "rsa-pss" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
                break;
            case ("ec-256", ECDsa { KeySize: 256 } p256):
                verified = token.Signature.Length == 64 && p256.VerifyData(value, token.Signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                break;
            case ("ec-384", ECDsa { KeySize: 384 } p384):
                verified = token.Signature.Length == 96 && p384.VerifyData(value, token.Signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                break;
            default:
                return CardFailure.Of(CertificateFailureCode.UnsupportedAlgorithm, $"{token.Algorithm} does not fit the certificate's key ({certificate.PublicKeyAlgorithmOid})");
        }

        return verified ? null : CardFailure.Of(CertificateFailureCode.SignatureInvalid, $"the {token.Algorithm} signature over this origin and challenge does not verify");
    }

    private static byte[] Hash(HashAlgorithmName hash, byte[] data) =>
        hash == HashAlgorithmName.SHA384 ? SHA384.HashData(data) : SHA256.HashData(data);

    private static string Truncate(string text) => text.Length <= 16 ? text : text[..16] + "…";

    private static CardTokenResult Fail(CertificateFailureCode code, string detail) => new(null, CardFailure.Of(code, detail));

    private static CardTokenResult Fail(CardCheck check, string detail) => new(null, CardFailure.Of(check, detail));
}
