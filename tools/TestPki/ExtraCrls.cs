namespace TestPki;

/// <summary>
/// Issues CRLs besides the generated ones, for tests of what happens when a CA publishes again: a later CRL number
/// that revokes more, an older one, or one a different key signed under the CA's name (a forgery).
/// </summary>
public static class ExtraCrls
{
    /// <summary>A DER CRL of <paramref name="caName"/> listing <paramref name="revokedSerials"/> (hex, as the manifest gives serials).</summary>
    /// <param name="signedByKeyOf">Sign with another CA's key while keeping <paramref name="caName"/>'s name and key id (a forgery); null: its own key.</param>
    public static byte[] Issue(PkiManifest pki, string caName, long crlNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate,
        IEnumerable<string> revokedSerials, string? signedByKeyOf = null)
    {
        ArgumentNullException.ThrowIfNull(pki);
        ArgumentNullException.ThrowIfNull(revokedSerials);
        if (string.IsNullOrEmpty(pki.Root))
            throw new InvalidOperationException("Load the manifest from its folder (PkiManifest.Load or TestPkiCache.Get) before issuing CRLs.");

        var entry = pki.Ca(caName);
        var certificate = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(entry.CertificateDer());
        var key = Keys.ReadPkcs8Pem(File.ReadAllText(pki.Ca(signedByKeyOf ?? caName).KeyPath));
        var ca = new IssuingCa(caName, certificate, key, Convert.FromHexString(entry.SubjectKeyId));
        var entries = revokedSerials.Select(serial => new RevokedSerial(Convert.FromHexString(serial), thisUpdate, (int)CrlReason.KeyCompromise)).ToList();
        return CrlWriter.Write(ca, crlNumber, thisUpdate, nextUpdate, entries);
    }
}
