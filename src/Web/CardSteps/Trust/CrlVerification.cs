using Pkix.Revocation;
using Pkix.Validation;

namespace Web.CardSteps.Trust;

/// <summary>How a CRL read from a file or a download becomes one the card steps may use: verified, or left out with the reason.</summary>
public static class CrlVerification
{
    /// <summary>
    /// Reads <paramref name="data"/> (DER or PEM) and verifies it against the configured CA that has its issuer's name and
    /// whose key signed it; the index, or null with why it cannot be used.
    /// </summary>
    public static (CrlIndex? Index, CrlProblem? Problem) Verify(byte[] data, IReadOnlyList<PkixCertificate> knownCas)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(knownCas);
        byte[] der;
        try
        {
            der = Pem.DecodeFirst(data, "X509 CRL");
        }
        catch (FormatException e)
        {
            return (null, new CrlProblem(CrlProblemKind.NotVerified, $"it is not DER or PEM ({e.Message})"));
        }
        var issuer = CrlIndex.PeekIssuer(der);
        // CAs can share a name (MOICA's generations): the one whose key signed the CRL is the one that loads.
        CertificateFailure? lastFailure = null;
        foreach (var ca in knownCas.Where(c => issuer is not null && c.Subject.Equals(issuer)))
        {
            var load = CrlIndex.Load(der, ca);
            if (load.Index is { } index)
                return (index, null);
            lastFailure = load.Failure;
        }
        return (null, new CrlProblem(CrlProblemKind.NotVerified, lastFailure?.ToString() ?? "no configured CA has its issuer's name"));
    }

    /// <summary>The CAs of a trust configuration, each once: the only ones whose CRLs are taken.</summary>
    public static IReadOnlyList<PkixCertificate> KnownCas(Domain.Certificates.Cards.TrustConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.Kinds.Values.SelectMany(k => k.Anchors.Concat(k.IssuingCas)).DistinctBy(c => c.KeyIdHex).ToList();
    }

    /// <summary>A file's length and last write time: read it again only when these change.</summary>
    public static CrlFreshness.SourceStamp Stamp(string path)
    {
        var file = new FileInfo(path);
        return new CrlFreshness.SourceStamp(null, file.LastWriteTimeUtc, file.Length);
    }
}
