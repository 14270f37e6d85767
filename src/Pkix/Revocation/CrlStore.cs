using System.Collections.Concurrent;
using Pkix.Validation;

namespace Pkix.Revocation;

/// <summary>
/// The CRLs at hand, by issuer name: complete, partitioned, indirect and delta CRLs, shared by every
/// validation (thread-safe). For one signer, scope and kind (complete or delta) a newer verified CRL
/// replaces the older; CRLs only read, not yet verified, are all kept (a forged newer one must not
/// push out the genuine one).
/// </summary>
public sealed class CrlStore
{
    private readonly object _writeGate = new();
    private readonly ConcurrentDictionary<string, CrlIndex[]> _byIssuerName = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="index"/>; false when a newer verified CRL of the same series is already held (nothing changes).</summary>
    public bool Add(CrlIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        lock (_writeGate)
        {
            var key = index.Issuer.CanonicalKey;
            var existing = _byIssuerName.GetValueOrDefault(key, []);
            if (index.Signer is not null && existing.FirstOrDefault(e => SameSeries(e, index)) is { } previous)
            {
                if (IsNewer(previous, index))
                    return false;
                existing = existing.Where(e => !ReferenceEquals(e, previous)).ToArray();
            }

            _byIssuerName[key] = [.. existing, index];
            return true;
        }
    }

    /// <summary>The complete CRL covering every certificate of <paramref name="issuer"/>, signed with its key; null when none is loaded.</summary>
    public CrlIndex? For(PkixCertificate issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return IssuedBy(issuer.Subject).FirstOrDefault(c => !c.IsDelta && c.Scope is null && c.IssuerKeyId == issuer.KeyIdHex);
    }

    /// <summary>Every CRL held, of every issuer (what a report of the material's age reads).</summary>
    public IReadOnlyList<CrlIndex> All => _byIssuerName.Values.SelectMany(c => c).ToList();

    /// <summary>Every CRL whose issuer field is <paramref name="crlIssuer"/>.</summary>
    public IReadOnlyList<CrlIndex> IssuedBy(X500Name crlIssuer)
    {
        ArgumentNullException.ThrowIfNull(crlIssuer);
        return _byIssuerName.GetValueOrDefault(crlIssuer.CanonicalKey, []);
    }

    private static bool SameSeries(CrlIndex a, CrlIndex b) =>
        a.Signer is not null && a.IssuerKeyId == b.IssuerKeyId && a.IsDelta == b.IsDelta
        && (a.Scope?.Der ?? []).AsSpan().SequenceEqual(b.Scope?.Der ?? []);

    private static bool IsNewer(CrlIndex a, CrlIndex b) =>
        a.Number is { } x && b.Number is { } y && x != y ? x > y : a.ThisUpdate >= b.ThisUpdate;
}
