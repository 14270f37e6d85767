using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using Pkix.Validation;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using BcCertificateParser = Org.BouncyCastle.X509.X509CertificateParser;

namespace Pkix.Revocation;

/// <summary>What the transport got back: the response body, or that the responder could not be reached or timed out.</summary>
public readonly record struct OcspTransportResult(byte[]? Body, bool TimedOut, string? Error);

/// <summary>
/// Carries an OCSP request to a responder and brings back the answer (RFC 6960 Appendix A: HTTP POST). The host
/// supplies it — Pkix does no I/O — and enforces the timeout, so a slow responder cannot hold a validation.
/// </summary>
public interface IOcspTransport
{
    Task<OcspTransportResult> PostAsync(Uri responder, byte[] request, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>OCSP settings: where to ask, how long to wait, how much clock disagreement to forgive.</summary>
public sealed record OcspOptions
{
    /// <summary>Ask this responder instead of the certificate's AIA URL (a local mirror, or tests).</summary>
    public Uri? ResponderOverride { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How old a response without nextUpdate may be.</summary>
    public TimeSpan MaxAgeWithoutNextUpdate { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The algorithms a delegated responder's certificate may be signed with.</summary>
    public SignatureAlgorithmPolicy SignaturePolicy { get; init; } = SignatureAlgorithmPolicy.Strong;
}

/// <summary>One revocation answer: good, or the failure (revoked, unknown, or why no trustworthy answer was had).</summary>
public readonly record struct RevocationStatus(CertificateFailure? Failure)
{
    public bool IsGood => Failure is null;

    public static RevocationStatus Good => new(null);

    public static RevocationStatus Fail(CertificateFailureCode code, string detail) => new(new CertificateFailure(code, detail));
}

/// <summary>
/// Asks an OCSP responder about one certificate: a request with a fresh nonce, then a response
/// accepted only when signed by the CA or a responder it delegated (id-kp-OCSPSigning), echoing the
/// nonce, and current within the clock tolerance.
/// </summary>
public sealed class OcspClient(IOcspTransport transport, OcspOptions options, TimeProvider time)
{
    private const int NonceLength = 32;

    public async Task<RevocationStatus> CheckAsync(PkixCertificate certificate, PkixCertificate issuer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(issuer);
        var responder = options.ResponderOverride
            ?? (certificate.OcspUrls.FirstOrDefault() is { } url && Uri.TryCreate(url, UriKind.Absolute, out var aia) ? aia : null);
        if (responder is null)
            return RevocationStatus.Fail(CertificateFailureCode.OcspUnavailable, $"{certificate} names no OCSP responder");

        var bcIssuer = new BcCertificateParser().ReadCertificate(issuer.Der);
        var id = new CertificateID(CertificateID.DigestSha1, bcIssuer, new Org.BouncyCastle.Math.BigInteger(1, certificate.SerialNumber));
        var nonce = RandomNumberGenerator.GetBytes(NonceLength);
        var nonceExtension = new DerOctetString(nonce).GetEncoded();
        var generator = new OcspReqGenerator();
        generator.AddRequest(id);
        generator.SetRequestExtensions(new X509Extensions(new Dictionary<DerObjectIdentifier, X509Extension>
        {
            [OcspObjectIdentifiers.PkixOcspNonce] = new(false, new DerOctetString(nonceExtension)),
        }));
        var request = generator.Generate().GetEncoded();

        var answer = await transport.PostAsync(responder, request, options.Timeout, cancellationToken).ConfigureAwait(false);
        if (answer.TimedOut)
            return RevocationStatus.Fail(CertificateFailureCode.OcspTimeout, $"{responder} did not answer within {options.Timeout.TotalSeconds:0.#} s");
        if (answer.Body is null)
            return RevocationStatus.Fail(CertificateFailureCode.OcspUnavailable, $"{responder}: {answer.Error}");
        try
        {
            return Evaluate(answer.Body, id, nonceExtension, issuer, bcIssuer);
        }
        catch (Exception e) when (e is OcspException or IOException or ArgumentException or InvalidCastException or Asn1Exception or SecurityUtilityException)
        {
            return RevocationStatus.Fail(CertificateFailureCode.OcspUnavailable, "the OCSP response could not be read: " + e.Message);
        }
    }

    private RevocationStatus Evaluate(byte[] body, CertificateID id, byte[] nonceExtension, PkixCertificate issuer, BcCertificate bcIssuer)
    {
        var response = new OcspResp(body);
        if (response.Status != OcspRespStatus.Successful)
            return RevocationStatus.Fail(CertificateFailureCode.OcspUnavailable, $"the responder answered with status {response.Status}");
        if (response.GetResponseObject() is not BasicOcspResp basic)
            return RevocationStatus.Fail(CertificateFailureCode.OcspUnavailable, "the responder sent no basic OCSP response");

        if (!IsSignedByCaOrDelegate(basic, issuer, bcIssuer))
            return RevocationStatus.Fail(CertificateFailureCode.OcspBadSignature, "the OCSP response is signed neither by the CA nor by a responder it delegated");

        var echoed = basic.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce)?.GetOctets();
        if (echoed is null || !CryptographicOperations.FixedTimeEquals(echoed, nonceExtension))
            return RevocationStatus.Fail(CertificateFailureCode.OcspNonceMismatch, echoed is null ? "the response carries no nonce" : "the response carries another nonce");

        var single = basic.Responses.FirstOrDefault(r => r.GetCertID().Equals(id));
        if (single is null)
            return RevocationStatus.Fail(CertificateFailureCode.RevocationUnknown, "the OCSP response does not cover the certificate asked about");

        var now = time.GetUtcNow();
        var thisUpdate = new DateTimeOffset(DateTime.SpecifyKind(single.ThisUpdate, DateTimeKind.Utc));
        if (thisUpdate > now + options.ClockSkew)
            return RevocationStatus.Fail(CertificateFailureCode.OcspStale, $"the OCSP response is dated {thisUpdate:u}, in the future");
        if (single.NextUpdate is { } next)
        {
            var nextUpdate = new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
            if (nextUpdate + options.ClockSkew < now)
                return RevocationStatus.Fail(CertificateFailureCode.OcspStale, $"the OCSP response expired at {nextUpdate:u}");
        }
        else if (thisUpdate + options.MaxAgeWithoutNextUpdate + options.ClockSkew < now)
        {
            return RevocationStatus.Fail(CertificateFailureCode.OcspStale, $"the OCSP response from {thisUpdate:u} is too old");
        }

        return single.GetCertStatus() switch
        {
            null => RevocationStatus.Good,
            RevokedStatus revoked => RevocationStatus.Fail(CertificateFailureCode.Revoked, $"OCSP: revoked at {revoked.RevocationTime:u}"),
            _ => RevocationStatus.Fail(CertificateFailureCode.OcspUnknown, "OCSP: the responder does not know the certificate"),
        };
    }

    private bool IsSignedByCaOrDelegate(BasicOcspResp basic, PkixCertificate issuer, BcCertificate bcIssuer)
    {
        if (basic.Verify(bcIssuer.GetPublicKey()))
            return true;
        var now = time.GetUtcNow();
        foreach (var candidate in basic.GetCertificates().EnumerateMatches(null))
        {
            var parse = PkixCertificate.Parse(candidate.GetEncoded());
            if (parse.Certificate is not { } delegated)
                continue;
            var issuedByCa = delegated.Issuer.Equals(issuer.Subject)
                && PathValidator.CheckSignature(delegated, issuer.PublicKey, options.SignaturePolicy) is null;
            var delegatedForOcsp = delegated.ExtendedKeyUsages?.Contains(Oids.OcspSigning) == true;
            var current = now >= delegated.NotBefore - options.ClockSkew && now <= delegated.NotAfter + options.ClockSkew;
            if (issuedByCa && delegatedForOcsp && current && basic.Verify(candidate.GetPublicKey()))
                return true;
        }

        return false;
    }
}
