using System.Formats.Asn1;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace EventStore.Checkpoints;

/// <summary>
/// Signs checkpoints with an EC P-256 key on a PKCS#11 token (an HSM in production, SoftHSM2 in tests): the private key
/// never leaves the token. The key is found by its label (CKA_LABEL) among the token's private keys, its public half by
/// the same label among the public keys. SHA-256 is computed here and the token signs the digest (CKM_ECDSA).
/// </summary>
public sealed class Pkcs11CheckpointSigner : ICheckpointSigner, IDisposable
{
    private static readonly Pkcs11InteropFactories Factories = new();
    private readonly ISession _session;
    private readonly IObjectHandle _privateKey;
    private readonly Lock _gate = new();

    static Pkcs11CheckpointSigner()
    {
        // Pkcs11Interop loads modules through dlopen from "libdl"; glibc 2.34+ ships only libdl.so.2. Another part of the
        // process (the card agent's back end) may have set the same resolver already.
        if (OperatingSystem.IsLinux())
        {
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(Pkcs11Exception).Assembly, (name, _, _) =>
                    name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out var handle) ? handle : IntPtr.Zero);
            }
            catch (InvalidOperationException)
            {
                // already set
            }
        }
    }

    /// <param name="library">The loaded module (C_Initialize runs once per module and process: the caller shares it).</param>
    public Pkcs11CheckpointSigner(IPkcs11Library library, string tokenLabel, string pin, string keyLabel)
    {
        ArgumentNullException.ThrowIfNull(library);
        var slot = library.GetSlotList(SlotsType.WithTokenPresent).FirstOrDefault(s => s.GetTokenInfo().Label.Trim() == tokenLabel)
            ?? throw new CryptographicException($"no PKCS#11 token labelled '{tokenLabel}'");
        _session = slot.OpenSession(SessionType.ReadOnly);
        try
        {
            try
            {
                _session.Login(CKU.CKU_USER, pin);
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
                // Login is per token, shared by every session of the process: another signer logged in already.
            }

            _privateKey = Find(CKO.CKO_PRIVATE_KEY, keyLabel) ?? throw new CryptographicException($"no private key labelled '{keyLabel}' on token '{tokenLabel}'");
            var publicKey = Find(CKO.CKO_PUBLIC_KEY, keyLabel) ?? throw new CryptographicException($"no public key labelled '{keyLabel}' on token '{tokenLabel}'");
            var attributes = _session.GetAttributeValue(publicKey, [CKA.CKA_EC_PARAMS, CKA.CKA_EC_POINT]);
            PublicKeyInfo = SubjectPublicKeyInfo(attributes[0].GetValueAsByteArray(), attributes[1].GetValueAsByteArray());
            KeyId = CheckpointKeys.KeyId(PublicKeyInfo);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>Loads a PKCS#11 module (once per path and process).</summary>
    public static IPkcs11Library Load(string modulePath) => Modules.GetOrAdd(modulePath, path => Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, path, AppType.MultiThreaded));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IPkcs11Library> Modules = new(StringComparer.Ordinal);

    public string KeyId { get; }

    public byte[] PublicKeyInfo { get; }

    public byte[] Sign(byte[] payload)
    {
        var digest = SHA256.HashData(payload);
        byte[] raw;
        lock (_gate)
        {
            using var mechanism = Factories.MechanismFactory.Create(CKM.CKM_ECDSA);
            raw = _session.Sign(mechanism, _privateKey, digest);
        }

        // The token answers r ‖ s; the file carries DER, as OpenSSL reads it.
        using var verifier = ECDsa.Create();
        verifier.ImportSubjectPublicKeyInfo(PublicKeyInfo, out _);
        var der = ToDer(raw);
        return verifier.VerifyData(payload, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            ? der
            : throw new CryptographicException("the token's signature does not verify with its public key");
    }

    /// <summary>Creates an EC P-256 key pair on the token under <paramref name="keyLabel"/> (deployment and tests).</summary>
    public static void GenerateKeyPair(IPkcs11Library library, string tokenLabel, string pin, string keyLabel)
    {
        ArgumentNullException.ThrowIfNull(library);
        var slot = library.GetSlotList(SlotsType.WithTokenPresent).First(s => s.GetTokenInfo().Label.Trim() == tokenLabel);
        using var session = slot.OpenSession(SessionType.ReadWrite);
        session.Login(CKU.CKU_USER, pin);
        var curve = new AsnWriter(AsnEncodingRules.DER);
        curve.WriteObjectIdentifier("1.2.840.10045.3.1.7");
        var a = Factories.ObjectAttributeFactory;
        using var mechanism = Factories.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN);
        session.GenerateKeyPair(mechanism,
            [a.Create(CKA.CKA_TOKEN, true), a.Create(CKA.CKA_LABEL, keyLabel), a.Create(CKA.CKA_VERIFY, true), a.Create(CKA.CKA_EC_PARAMS, curve.Encode())],
            [a.Create(CKA.CKA_TOKEN, true), a.Create(CKA.CKA_LABEL, keyLabel), a.Create(CKA.CKA_SIGN, true), a.Create(CKA.CKA_PRIVATE, true),
                a.Create(CKA.CKA_SENSITIVE, true), a.Create(CKA.CKA_EXTRACTABLE, false)],
            out _, out _);
        session.Logout();
    }

    private IObjectHandle? Find(CKO kind, string label) =>
        _session.FindAllObjects([Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, kind), Factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label)]).FirstOrDefault();

    /// <summary>CKA_EC_POINT is an OCTET STRING holding the uncompressed point; CKA_EC_PARAMS the curve's OID.</summary>
    private static byte[] SubjectPublicKeyInfo(byte[] ecParams, byte[] ecPoint)
    {
        var point = ecPoint.Length > 0 && ecPoint[0] == 0x04 && ecPoint.Length != 65
            ? new AsnReader(ecPoint, AsnEncodingRules.DER).ReadOctetString()
            : ecPoint;
        var curve = new AsnReader(ecParams, AsnEncodingRules.DER).ReadObjectIdentifier();
        if (curve != "1.2.840.10045.3.1.7" || point.Length != 65)
            throw new CryptographicException("the checkpoint key on the token is not an EC P-256 key");
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        });
        return key.ExportSubjectPublicKeyInfo();
    }

    private static byte[] ToDer(byte[] rs)
    {
        var half = rs.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(rs.AsSpan(0, half));
            writer.WriteIntegerUnsigned(rs.AsSpan(half));
        }

        return writer.Encode();
    }

    public void Dispose()
    {
        lock (_gate)
            _session.Dispose();
    }
}
