namespace Pkix.Validation;

/// <summary>Why a certificate, its path or its revocation status was refused (RFC 5280, RFC 6960): one code per cause the user or an operator can act on.</summary>
public enum CertificateFailureCode
{
    /// <summary>The certificate could not be read: bad DER, duplicate extensions, empty names.</summary>
    Malformed = 1,

    /// <summary>No path to one of the given trust anchors.</summary>
    UntrustedIssuer,

    /// <summary>A certificate of the path expired before the validation instant.</summary>
    Expired,

    /// <summary>A certificate of the path is not valid yet at the validation instant.</summary>
    NotYetValid,

    /// <summary>The certificate is on its issuer's CRL or OCSP says revoked.</summary>
    Revoked,

    /// <summary>No fresh, verifiable revocation information could be had (fail closed).</summary>
    RevocationUnknown,

    /// <summary>The CRL is not signed by the certificate's issuer, or its signature does not verify.</summary>
    CrlBadSignature,

    /// <summary>The CRL's nextUpdate has passed (or its thisUpdate lies in the future).</summary>
    CrlStale,

    /// <summary>The OCSP responder could not be reached or answered with an error status.</summary>
    OcspUnavailable,

    /// <summary>The OCSP response is not signed by the CA or by a responder the CA delegated.</summary>
    OcspBadSignature,

    /// <summary>The OCSP response is too old (nextUpdate passed) or dated in the future.</summary>
    OcspStale,

    /// <summary>The OCSP response does not echo the nonce we sent.</summary>
    OcspNonceMismatch,

    /// <summary>The OCSP responder did not answer in time.</summary>
    OcspTimeout,

    /// <summary>The responder does not know the certificate.</summary>
    OcspUnknown,

    /// <summary>Key usage does not allow the use (the leaf's required bits, keyCertSign on CAs).</summary>
    KeyUsage,

    /// <summary>Extended key usage does not allow the use.</summary>
    ExtendedKeyUsage,

    /// <summary>A CA certificate lacks basicConstraints cA, or the extension is inconsistent.</summary>
    BasicConstraints,

    /// <summary>The path is longer than a CA's pathLenConstraint (or the caller's depth limit) allows.</summary>
    PathLength,

    /// <summary>A name in the path lies outside a CA's permitted subtrees or inside its excluded ones.</summary>
    NameConstraints,

    /// <summary>Certificate policy processing (explicit policy, mappings, inhibit anyPolicy) left no acceptable policy.</summary>
    Policy,

    /// <summary>A critical extension this validator does not understand.</summary>
    UnknownCriticalExtension,

    /// <summary>A signature or key algorithm we do not accept (weak or unknown), or a key that does not match the algorithm.</summary>
    UnsupportedAlgorithm,

    /// <summary>A signature (certificate or CRL) does not verify.</summary>
    SignatureInvalid,

    /// <summary>The certificate's names do not include the expected peer name (DNS, IP or e-mail).</summary>
    NameMismatch,

}

/// <summary>A refusal: the code, and a detail in English for logs and conformance reports (no personal data).</summary>
public sealed record CertificateFailure(CertificateFailureCode Code, string Detail)
{
    public override string ToString() => $"{Code}: {Detail}";
}
