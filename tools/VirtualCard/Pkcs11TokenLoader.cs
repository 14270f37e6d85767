using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CardAgent.Emulation;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace VirtualCard;

/// <summary>
/// Puts a card image onto a PKCS#11 token (SoftHSM2 in tests): initialises the token in the first
/// free slot with the image's PIN as user PIN, then creates each key's certificate and private key
/// with a shared CKA_ID and the key id as CKA_LABEL, which is how the agent's PKCS#11 back end finds them.
/// </summary>
public static class Pkcs11TokenLoader
{
    private static readonly Pkcs11InteropFactories Factories = CardAgent.Backends.Pkcs11Modules.Factories;

    /// <summary>Loads the image into a new token; returns the slot description (the agent's reader name).</summary>
    public static string Load(IPkcs11Library library, CardImage image, string tokenLabel, string soPin)
    {
        var slot = library.GetSlotList(SlotsType.WithTokenPresent).FirstOrDefault(s => !s.GetTokenInfo().TokenFlags.TokenInitialized)
            ?? throw new InvalidOperationException("the module has no uninitialised token to load the card into");
        slot.InitToken(soPin, tokenLabel);
        // SoftHSM2 moves an initialised token to a new slot id; find it again by label.
        slot = library.GetSlotList(SlotsType.WithTokenPresent).First(s => s.GetTokenInfo().Label.Trim() == tokenLabel);
        using (var so = slot.OpenSession(SessionType.ReadWrite))
        {
            so.Login(CKU.CKU_SO, soPin);
            so.InitPin(image.Pin);
            so.Logout();
        }
        using var session = slot.OpenSession(SessionType.ReadWrite);
        session.Login(CKU.CKU_USER, image.Pin);
        byte id = 1;
        foreach (var key in image.Keys)
        {
            var keyId = new[] { id++ };
            var der = key.CertificateDer();
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            session.CreateObject([
                Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, true),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_PRIVATE, false),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, key.Id),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_ID, keyId),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_SUBJECT, certificate.SubjectName.RawData),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_ISSUER, certificate.IssuerName.RawData),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_SERIAL_NUMBER, SerialNumberDer(certificate)),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_VALUE, der),
            ]);
            session.CreateObject(PrivateKeyAttributes(key, keyId));
        }
        session.Logout();
        return slot.GetSlotInfo().SlotDescription.Trim();
    }

    private static List<IObjectAttribute> PrivateKeyAttributes(CardImageKey key, byte[] keyId)
    {
        var common = new List<IObjectAttribute>
        {
            Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, true),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_PRIVATE, true),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_SENSITIVE, true),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_SIGN, true),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, key.Id),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_ID, keyId),
        };
        var pkcs8 = key.PrivateKeyPkcs8();
        if (key.Algorithm.StartsWith("RSA", StringComparison.Ordinal))
        {
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            var p = rsa.ExportParameters(includePrivateParameters: true);
            common.AddRange([
                Factories.ObjectAttributeFactory.Create(CKA.CKA_KEY_TYPE, CKK.CKK_RSA),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_MODULUS, p.Modulus),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_PUBLIC_EXPONENT, p.Exponent),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_PRIVATE_EXPONENT, p.D),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_PRIME_1, p.P),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_PRIME_2, p.Q),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_EXPONENT_1, p.DP),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_EXPONENT_2, p.DQ),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_COEFFICIENT, p.InverseQ),
            ]);
            // A key that signs only PKCS#1 v1.5, like a deployed HiCOS card's.
            if (!key.OffersRsaPss)
                common.Add(Factories.ObjectAttributeFactory.Create(CKA.CKA_ALLOWED_MECHANISMS, new List<CKM> { CKM.CKM_RSA_PKCS, CKM.CKM_SHA256_RSA_PKCS }));
            return common;
        }
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        var ec = ecdsa.ExportParameters(includePrivateParameters: true);
        var curveOid = ec.Curve.Oid.Value ?? throw new InvalidOperationException("named curves only");
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(curveOid);
        common.AddRange([
            Factories.ObjectAttributeFactory.Create(CKA.CKA_KEY_TYPE, CKK.CKK_EC),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_EC_PARAMS, writer.Encode()),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_VALUE, ec.D),
        ]);
        return common;
    }

    private static byte[] SerialNumberDer(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteIntegerUnsigned(certificate.SerialNumberBytes.Span);
        return writer.Encode();
    }
}
