using System.Collections.Concurrent;
using System.Security.Cryptography;
using Domain.Certificates;
using Org.BouncyCastle.Crypto;
using Pkix.Validation;

namespace TestPki;

/// <summary>
/// Writes the whole test PKI (CAs, leaves, keys, PKCS#12, CRLs, card images, manifest.json) for a
/// seed. Everything derives from the seed and fixed reference instants, so the output is
/// byte-identical for the same seed and generator version.
/// </summary>
public static class PkiGenerator
{
    /// <summary>Bump whenever the output for a seed changes: caches are keyed by it.</summary>
    public const int Version = 3;

    public const int DefaultSeed = 2026;
    public const string DefaultBaseUrl = "http://127.0.0.1:18080";

    /// <summary>Entries in crl/moica-large.crl, about the size of MOICA's complete CRL.</summary>
    public const int LargeCrlEntryCount = 400_000;

    public const string LargeCrlName = "moica-large";
    public const string LargeCrlIssuer = "moica-g2";

    /// <summary>The password of every leaves/*.p12 file.</summary>
    public const string P12Password = "evs-test";

    private const long CrlNumber = 100;
    private const long LargeCrlNumber = 101;

    public static PkiManifest Generate(int seed, string outDir, string baseUrl = DefaultBaseUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseUrl);
        baseUrl = baseUrl.TrimEnd('/');
        var instants = new ReferenceInstants();
        var factory = new CertificateFactory(baseUrl);
        foreach (var folder in new[] { "ca", "crl", "leaves", "cards" })
            Directory.CreateDirectory(Path.Combine(outDir, folder));

        var cas = IssueCas(seed, factory, instants);
        var leafIssuer = new LeafIssuer(seed, factory, instants);
        var leaves = new ConcurrentDictionary<string, IssuedLeaf>();
        Parallel.ForEach(Hierarchy.Leaves, spec =>
            leaves[spec.Name] = leafIssuer.Issue(spec.Name, cas[spec.IssuerName], Hierarchy.Ca(spec.IssuerName), spec.Key, spec.Case, spec.Citizen, spec.Agency));

        var caEntries = Hierarchy.Cas.Select(spec => WriteCa(outDir, spec, cas, factory, instants)).ToList();
        var leafEntries = Hierarchy.Leaves.Select(spec => WriteLeaf(seed, outDir, spec, leaves[spec.Name], cas, instants)).ToList();
        var crlEntries = WriteCrls(seed, outDir, baseUrl, cas, leafEntries, instants);

        new PkiManifest
        {
            GeneratorVersion = Version,
            Seed = seed,
            BaseUrl = baseUrl,
            ReferenceInstants = instants,
            DefaultPin = CardImage.TestPin,
            P12Password = P12Password,
            Cas = caEntries,
            Leaves = leafEntries,
            Crls = crlEntries,
        }.Save(outDir);
        return PkiManifest.Load(outDir);
    }

    private static Dictionary<string, IssuingCa> IssueCas(int seed, CertificateFactory factory, ReferenceInstants instants)
    {
        var keys = new ConcurrentDictionary<string, AsymmetricCipherKeyPair>();
        Parallel.ForEach(Hierarchy.Cas, spec => keys[spec.Name] = Keys.Generate(KeyAlgorithm.Rsa2048, seed, "ca|" + spec.Name));

        var cas = new Dictionary<string, IssuingCa>();
        foreach (var spec in Hierarchy.Cas) // parents come before children in the table
        {
            var pair = keys[spec.Name];
            var content = new CertificateContent(
                CertificateFactory.Name(CertificateFactory.CaSubjectParts(spec)),
                pair.Public,
                SeededRandom.SerialNumber(seed, "ca|" + spec.Name),
                instants.CaNotBefore,
                instants.CaNotAfter,
                KeyUsageBits.KeyCertSign | KeyUsageBits.CrlSign,
                spec.IsRoot ? [] : spec.Policies,
                spec.PathLength,
                []);
            var certificate = factory.Issue(content, spec.IsRoot ? null : cas[spec.IssuerName!], pair.Private);
            cas[spec.Name] = new IssuingCa(spec.Name, certificate, pair.Private, CertificateFactory.KeyIdentifier(pair.Public));
        }
        return cas;
    }

    private static CaEntry WriteCa(string outDir, CaSpec spec, Dictionary<string, IssuingCa> cas, CertificateFactory factory, ReferenceInstants instants)
    {
        var ca = cas[spec.Name];
        var der = ca.Certificate.GetEncoded();
        var entry = new CaEntry
        {
            Name = spec.Name,
            Trust = spec.Trust,
            Issuer = spec.IssuerName ?? spec.Name,
            IsRoot = spec.IsRoot,
            IssuesKind = spec.IssuesKind,
            SubjectDn = DistinguishedName.Format(CertificateFactory.CaSubjectParts(spec)),
            IssuerDn = DistinguishedName.Format(CertificateFactory.CaSubjectParts(Hierarchy.Ca(spec.IssuerName ?? spec.Name))),
            SerialNumber = LeafIssuer.Hex(ca.Certificate.SerialNumber.ToByteArrayUnsigned()),
            SubjectKeyId = LeafIssuer.Hex(ca.KeyId),
            AuthorityKeyId = spec.IsRoot ? null : LeafIssuer.Hex(cas[spec.IssuerName!].KeyId),
            NotBefore = instants.CaNotBefore,
            NotAfter = instants.CaNotAfter,
            PathLength = spec.PathLength,
            Policies = spec.IsRoot ? [] : spec.Policies,
            KeyAlgorithm = Keys.Label(KeyAlgorithm.Rsa2048),
            Sha256Thumbprint = LeafIssuer.Hex(SHA256.HashData(der)),
            CertificatePath = $"ca/{spec.Name}.pem",
            CertificateDerPath = $"ca/{spec.Name}.cer",
            KeyPath = $"ca/{spec.Name}.key.pem",
            CrlPath = $"crl/{spec.Name}.crl",
            CrlUrl = factory.CrlUrl(spec.Name),
            OcspUrl = factory.OcspUrl(spec.Name),
            CaIssuersUrl = factory.CaIssuersUrl(spec.Name),
        };
        File.WriteAllText(Path.Combine(outDir, entry.CertificatePath), Pem.Encode("CERTIFICATE", der));
        File.WriteAllBytes(Path.Combine(outDir, entry.CertificateDerPath), der);
        File.WriteAllText(Path.Combine(outDir, entry.KeyPath), Keys.Pkcs8Pem(ca.PrivateKey));
        return entry;
    }

    private static LeafEntry WriteLeaf(int seed, string outDir, LeafSpec spec, IssuedLeaf leaf, Dictionary<string, IssuingCa> cas, ReferenceInstants instants)
    {
        var der = leaf.CertificateDer;
        var entry = new LeafEntry
        {
            Name = spec.Name,
            Issuer = spec.IssuerName,
            Kind = spec.Kind,
            Case = spec.Case,
            KeyAlgorithm = Keys.Label(spec.Key),
            Citizen = spec.Citizen,
            Agency = spec.Agency,
            SerialNumber = leaf.SerialNumber,
            SubjectDn = leaf.SubjectDn,
            IssuerDn = leaf.IssuerDn,
            IssuerKeyId = leaf.IssuerKeyId,
            SubjectKeyId = leaf.SubjectKeyId,
            CommonName = leaf.CommonName,
            OrganisationalUnit = leaf.OrganisationalUnit,
            Organisation = leaf.Organisation,
            NotBefore = leaf.NotBefore,
            NotAfter = leaf.NotAfter,
            KeyUsage = leaf.KeyUsage,
            Policies = leaf.Policies,
            AgencyOid = spec.Agency?.AgencyOid,
            NationalIdLastFour = spec.Citizen?.LastFour,
            BusinessNumber = spec.Agency?.BusinessNumber,
            CertificateType = leaf.CertificateType,
            Sha256Thumbprint = leaf.Sha256Thumbprint,
            RevokedAt = spec.Case == LeafCase.Revoked ? instants.RevokedAt : null,
            RevocationReason = spec.Case == LeafCase.Revoked ? RevocationReason(spec) : null,
            CardNumber = leaf.Card.CardNumber,
            CertificatePath = $"leaves/{spec.Name}.pem",
            CertificateDerPath = $"leaves/{spec.Name}.cer",
            KeyPath = $"leaves/{spec.Name}.key.pem",
            P12Path = $"leaves/{spec.Name}.p12",
            CardPath = $"cards/{spec.Name}.card.json",
        };
        File.WriteAllText(Path.Combine(outDir, entry.CertificatePath), Pem.Encode("CERTIFICATE", der));
        File.WriteAllBytes(Path.Combine(outDir, entry.CertificateDerPath), der);
        File.WriteAllText(Path.Combine(outDir, entry.KeyPath), Keys.Pkcs8Pem(leaf.KeyPair.Private));
        File.WriteAllBytes(Path.Combine(outDir, entry.P12Path),
            Pkcs12Writer.Write(seed, spec.Name, spec.Name, leaf.KeyPair.Private, [leaf.Certificate, cas[spec.IssuerName].Certificate], P12Password));
        File.WriteAllText(Path.Combine(outDir, entry.CardPath), leaf.Card.ToJson());
        return entry;
    }

    // A lost citizen card is the usual case; an agency's certificate is usually replaced.
    private static CrlReason RevocationReason(LeafSpec spec) =>
        spec.Kind == CertificateKind.Citizen ? CrlReason.KeyCompromise : CrlReason.Superseded;

    private static List<CrlEntry> WriteCrls(int seed, string outDir, string baseUrl, Dictionary<string, IssuingCa> cas, List<LeafEntry> leaves, ReferenceInstants instants)
    {
        var revoked = Hierarchy.Leaves.Where(l => l.Case == LeafCase.Revoked).ToList();
        RevokedSerial Entry(LeafSpec spec) => new(
            Convert.FromHexString(leaves.Single(l => l.Name == spec.Name).SerialNumber), instants.RevokedAt, (int)RevocationReason(spec));

        var entries = new List<CrlEntry>();
        foreach (var spec in Hierarchy.Cas)
        {
            var listed = revoked.Where(l => l.IssuerName == spec.Name).ToList();
            var path = $"crl/{spec.Name}.crl";
            File.WriteAllBytes(Path.Combine(outDir, path),
                CrlWriter.Write(cas[spec.Name], CrlNumber, instants.CrlThisUpdate, instants.CrlNextUpdate, listed.Select(Entry)));
            entries.Add(new CrlEntry
            {
                Name = spec.Name,
                Issuer = spec.Name,
                Path = path,
                Url = $"{baseUrl}/{path}",
                CrlNumber = CrlNumber,
                ThisUpdate = instants.CrlThisUpdate,
                NextUpdate = instants.CrlNextUpdate,
                EntryCount = listed.Count,
                RevokedLeaves = listed.Select(l => l.Name).ToList(),
            });
        }

        var large = revoked.Where(l => l.IssuerName == LargeCrlIssuer).ToList();
        var largePath = $"crl/{LargeCrlName}.crl";
        File.WriteAllBytes(Path.Combine(outDir, largePath),
            CrlWriter.Write(cas[LargeCrlIssuer], LargeCrlNumber, instants.CrlThisUpdate, instants.CrlNextUpdate,
                LargeCrl.Entries(seed, LargeCrlEntryCount, large.Select(Entry).ToList()), LargeCrlEntryCount));
        entries.Add(new CrlEntry
        {
            Name = LargeCrlName,
            Issuer = LargeCrlIssuer,
            Path = largePath,
            Url = $"{baseUrl}/{largePath}",
            CrlNumber = LargeCrlNumber,
            ThisUpdate = instants.CrlThisUpdate,
            NextUpdate = instants.CrlNextUpdate,
            EntryCount = LargeCrlEntryCount,
            RevokedLeaves = large.Select(l => l.Name).ToList(),
        });
        return entries;
    }
}
