using System.Text;
using System.Text.Json;
using Pkix.Cms;
using Pkix.Validation;

namespace Domain.Certificates.Cards;

/// <summary>
/// What the card-step page posts when HiPKI Local Server signed the challenge (format <c>hipki/1</c>,
/// docs/architecture.md "Card steps"): HiPKI's <c>signature</c> for the signature type the page asked for, the
/// certificate HiPKI returned beside it (used for PKCS1 only: a PKCS7 message carries its own), and the card number
/// HiPKI reported (audit data, never identity).
/// </summary>
public sealed record HiPkiToken(string SignatureType, string Signature, string? Certificate, string? CardNumber)
{
    public const string Format = "hipki/1";

    /// <summary>CHT's signed attribute for the card number (HiPKI's <c>withCardSN</c>).</summary>
    public const string CardNumberOid = "2.16.886.1.100.2.204";

    /// <summary>True when the posted JSON names this format (the card step then verifies it as HiPKI's, never as our agent's).</summary>
    public static bool IsHiPki(string json)
    {
        if (string.IsNullOrEmpty(json) || json.Length > CmsSignedDataVerifier.MaxBytes * 2)
            return false;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("format", out var format)
                && format.ValueKind == JsonValueKind.String
                && format.GetString() == Format;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static (HiPkiToken? Token, CardFailure? Failure) Parse(string json)
    {
        static (HiPkiToken?, CardFailure?) Fail(string detail) => (null, CardFailure.Of(CertificateFailureCode.Malformed, detail));
        if (string.IsNullOrEmpty(json) || Encoding.UTF8.GetByteCount(json) > CmsSignedDataVerifier.MaxBytes * 2)
            return Fail("the HiPKI answer is empty or too large");
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Fail("the HiPKI answer is not a JSON object");
            string? Text(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            if (Text("format") != Format)
                return Fail($"the format is not {Format}");
            var type = Text("signatureType");
            var signature = Text("signature");
            if (type is not ("PKCS7" or "PKCS1") || string.IsNullOrEmpty(signature))
                return Fail("the HiPKI answer has no PKCS7 or PKCS1 signature");
            return (new HiPkiToken(type, signature, Text("certificate"), Text("cardNumber")), null);
        }
        catch (JsonException e)
        {
            return Fail("the HiPKI answer is not valid JSON: " + e.Message);
        }
    }
}

/// <summary>A verified HiPKI signature: the validated certificate, and the card number (signed when HiPKI signed it, else as reported).</summary>
public readonly record struct HiPkiTokenResult(ValidatedCardCertificate? Certificate, string? CardNumber, CardFailure? Failure);

/// <summary>
/// Verifies HiPKI's signature over a challenge as strictly as our own tokens: PKCS7 through
/// <see cref="CmsSignedDataVerifier"/> (attached content equal to the issued challenge, one signer, SHA-256, signed
/// attributes), then the signer's certificate through the same <see cref="CardCertificateValidator"/> as card
/// tokens — built to our configured anchors and issuing CAs only, revocation, test CAs, kind. PKCS1 only where the
/// caller allows it. HiPKI signs whatever a page gives it, so nothing here binds the signature to our origin: the
/// card step's signer policy decides where such a signature is enough.
/// </summary>
public sealed class HiPkiTokenVerifier(CardCertificateValidator validator, TimeProvider time)
{
    /// <summary>How far HiPKI's signingTime may be from our clock (a PC's clock drifts; the challenge's own life is five minutes).</summary>
    public static readonly TimeSpan SigningTimeWindow = TimeSpan.FromMinutes(10);

    /// <param name="allowPkcs1">Accept HiPKI's bare PKCS1 signature (a deployment's fallback; off by default).</param>
    public async Task<HiPkiTokenResult> VerifyAsync(
        string json, string serverOrigin, string? requestOrigin, string challenge, CertificateKind expected, bool allowPkcs1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serverOrigin);
        ArgumentNullException.ThrowIfNull(challenge);
        if (requestOrigin is not null && !string.Equals(requestOrigin, serverOrigin, StringComparison.Ordinal))
            return Fail(CardFailure.Of(CardCheck.OriginMismatch, $"the request comes from {requestOrigin}, not {serverOrigin}"));
        var (token, parseFailure) = HiPkiToken.Parse(json);
        if (token is null)
            return Fail(parseFailure!);

        byte[] signerCertificate;
        string? cardNumber = Printable(token.CardNumber);
        var content = Encoding.UTF8.GetBytes(challenge);
        if (token.SignatureType == "PKCS7")
        {
            var (signed, failure) = CmsSignedDataVerifier.VerifyAttached(token.Signature, content, nonce: null, time.GetUtcNow(), SigningTimeWindow);
            if (signed is null)
                return Fail(Map(failure!));
            signerCertificate = signed.SignerCertificate;
            cardNumber = Printable(signed.TextAttribute(HiPkiToken.CardNumberOid)) ?? cardNumber;
        }
        else
        {
            if (!allowPkcs1)
                return Fail(CardFailure.Of(CertificateFailureCode.UnsupportedAlgorithm, "HiPKI's PKCS1 signatures are not accepted here"));
            var certificate = Base64(token.Certificate);
            var signature = Base64(token.Signature);
            if (certificate is null || signature is null)
                return Fail(CardFailure.Of(CertificateFailureCode.Malformed, "the PKCS1 signature or its certificate is not base64"));
            if (CmsSignedDataVerifier.VerifyRsaPkcs1(certificate, content, signature) is { } failure)
                return Fail(Map(failure));
            signerCertificate = certificate;
        }

        var parse = PkixCertificate.Parse(signerCertificate);
        if (parse.Certificate is not { } leaf)
            return Fail(CardFailure.Of(CertificateFailureCode.Malformed, "the signer's certificate cannot be read: " + parse.Error));
        var result = await validator.ValidateAsync(leaf, expected, cancellationToken).ConfigureAwait(false);
        return new HiPkiTokenResult(result.Certificate, cardNumber, result.Failure);
    }

    /// <summary>CMS refusals in the card step's terms; the detail keeps the exact check for the log.</summary>
    private static CardFailure Map(CmsFailure failure)
    {
        var code = failure.Code switch
        {
            CmsFailureCode.DigestAlgorithm or CmsFailureCode.SignatureAlgorithm or CmsFailureCode.KeyNotAccepted => CertificateFailureCode.UnsupportedAlgorithm,
            CmsFailureCode.ContentMismatch or CmsFailureCode.DigestMismatch or CmsFailureCode.NonceMismatch
                or CmsFailureCode.SigningTimeOutsideWindow or CmsFailureCode.SignatureInvalid => CertificateFailureCode.SignatureInvalid,
            _ => CertificateFailureCode.Malformed,
        };
        return CardFailure.Of(code, $"HiPKI {failure.Code}: {failure.Detail}");
    }

    private static string? Printable(string? number) =>
        number is { Length: > 0 and <= 32 } && number.All(char.IsAsciiLetterOrDigit) ? number : null;

    private static byte[]? Base64(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > CmsSignedDataVerifier.MaxBytes * 4 / 3 + 4)
            return null;
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    private static HiPkiTokenResult Fail(CardFailure failure) => new(null, null, failure);
}
