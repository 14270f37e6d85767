using System.Security.Cryptography;
using System.Text;
using Domain.Certificates;
using Domain.Common;
using Pkix.Validation;

namespace TestPki;

/// <summary>Options for an extra card: issuer, key type, case, and a variant for a second card of one holder.</summary>
public sealed record CardRequest
{
    /// <summary>The issuing CA's name; default moica-g2 for citizens and gca for organisations.</summary>
    public string? Issuer { get; init; }

    public KeyAlgorithm Key { get; init; } = KeyAlgorithm.Rsa2048;

    /// <summary>Valid (default), Expired, NotYetValid or WrongKeyUsage; revocation is fixed by the generated CRLs.</summary>
    public LeafCase Case { get; init; } = LeafCase.Valid;

    /// <summary>Any text: a different variant gives the same holder another card (a renewal: new key, serial and card number).</summary>
    public string Variant { get; init; } = "";

    /// <summary>The file name stem; default a short hash, never the national ID (file names show up in reader names).</summary>
    public string? Name { get; init; }

    /// <summary>The certificate's serial (hex); default derived from (seed, holder, request). For tests of what a serial alone must not decide.</summary>
    public string? SerialNumber { get; init; }
}

/// <summary>An extra card issued for a given holder, with the facts a parser must read from it.</summary>
public sealed record IssuedCard
{
    public required string Name { get; init; }
    public required CardImage Card { get; init; }
    public required byte[] CertificateDer { get; init; }
    public required byte[] PrivateKeyPkcs8 { get; init; }
    public required string SerialNumber { get; init; }
    public required string SubjectDn { get; init; }
    public required string IssuerDn { get; init; }
    public required string IssuerKeyId { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public required DateTimeOffset NotAfter { get; init; }
    public required KeyUsageBits KeyUsage { get; init; }
    public required string Sha256Thumbprint { get; init; }
    public string CardNumber => Card.CardNumber;

    /// <summary>Writes &lt;name&gt;.card.json, &lt;name&gt;.pem and &lt;name&gt;.key.pem into <paramref name="directory"/>; returns the card path.</summary>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var cardPath = Path.Combine(directory, Name + ".card.json");
        File.WriteAllText(cardPath, Card.ToJson());
        File.WriteAllText(Path.Combine(directory, Name + ".pem"), Pem.Encode("CERTIFICATE", CertificateDer));
        File.WriteAllText(Path.Combine(directory, Name + ".key.pem"), Pem.Encode("PRIVATE KEY", PrivateKeyPkcs8));
        return cardPath;
    }
}

/// <summary>
/// Issues cards for holders the catalogue does not know (demo data's people and agencies), signed by
/// the generated CAs and deterministic in (seed, holder, request).
/// </summary>
public static class ExtraCards
{
    public static IssuedCard IssueCitizenCard(this PkiManifest pki, CitizenHolder holder, CardRequest? request = null)
    {
        ArgumentNullException.ThrowIfNull(pki);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder.Name);
        var id = NationalId.Parse(holder.NationalId).Id
            ?? throw new ArgumentException("The holder's national ID is not valid.", nameof(holder));
        request ??= new CardRequest();
        return Issue(pki, "citizen", request.Issuer ?? "moica-g2", request, holder with { NationalId = id.Value }, null, id.Value);
    }

    public static IssuedCard IssueOrganisationCard(this PkiManifest pki, OrganisationHolder holder, CardRequest? request = null)
    {
        ArgumentNullException.ThrowIfNull(pki);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder.AgencyName);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder.Ministry);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder.AgencyCode);
        if (holder.AgencyOid is { } oid && !OrganisationIdentifier.IsOid(oid))
            throw new ArgumentException("An organisation OID lies under Taiwan's arc 2.16.886.", nameof(holder));
        if (holder.BusinessNumber is { } number && !OrganisationIdentifier.IsBusinessNumber(number))
            throw new ArgumentException("A business number is eight digits with a valid check.", nameof(holder));
        request ??= new CardRequest();
        return Issue(pki, "organisation", request.Issuer ?? "gca", request, null, holder, $"{holder.AgencyCode}|{holder.Identifier}");
    }

    private static IssuedCard Issue(PkiManifest pki, string kind, string issuerName, CardRequest request, CitizenHolder? citizen, OrganisationHolder? agency, string identity)
    {
        if (request.Case is not (LeafCase.Valid or LeafCase.Expired or LeafCase.NotYetValid or LeafCase.WrongKeyUsage))
            throw new ArgumentException($"Extra cards can be valid, expired, not yet valid or have the wrong key usage, not {request.Case}.", nameof(request));
        if (string.IsNullOrEmpty(pki.Root))
            throw new InvalidOperationException("Load the manifest from its folder (PkiManifest.Load or TestPkiCache.Get) before issuing cards.");

        var spec = Hierarchy.Ca(issuerName);
        if (spec.IsRoot)
            throw new ArgumentException($"{issuerName} is a root; pick an issuing CA.", nameof(request));
        var entry = pki.Ca(issuerName);
        var certificate = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(entry.CertificateDer());
        var issuer = new IssuingCa(issuerName, certificate, Keys.ReadPkcs8Pem(File.ReadAllText(entry.KeyPath)), Convert.FromHexString(entry.SubjectKeyId));

        var owner = $"extra|{kind}|{identity}|{issuerName}|{request.Key}|{request.Case}|{request.Variant}";
        var leaf = new LeafIssuer(pki.Seed, new CertificateFactory(pki.BaseUrl), pki.ReferenceInstants)
            .Issue(owner, issuer, spec, request.Key, request.Case, citizen, agency,
                request.SerialNumber is { } serial ? new Org.BouncyCastle.Math.BigInteger(serial, 16) : null);
        return new IssuedCard
        {
            Name = request.Name ?? $"{kind}-{ShortHash(pki.Seed, owner)}",
            Card = leaf.Card,
            CertificateDer = leaf.CertificateDer,
            PrivateKeyPkcs8 = Keys.Pkcs8(leaf.KeyPair.Private),
            SerialNumber = leaf.SerialNumber,
            SubjectDn = leaf.SubjectDn,
            IssuerDn = leaf.IssuerDn,
            IssuerKeyId = leaf.IssuerKeyId,
            NotBefore = leaf.NotBefore,
            NotAfter = leaf.NotAfter,
            KeyUsage = leaf.KeyUsage,
            Sha256Thumbprint = leaf.Sha256Thumbprint,
        };
    }

    private static string ShortHash(int seed, string owner) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}|{owner}")))[..12];
}
