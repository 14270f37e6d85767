namespace CardAgent.Cards;

/// <summary>
/// The constants of our ISO 7816-4/-8 card profile (docs/card-profile.md): application AID, file
/// identifiers, PIN and key references, and the algorithm references of MANAGE SECURITY ENVIRONMENT.
/// The virtual card and the agent both read them from here, so they cannot drift apart.
/// </summary>
public static class CardProfile
{
    /// <summary>AID under the national registration category for Taiwan (D + 158) plus "EVS" version 1.</summary>
    public static readonly byte[] ApplicationId = [0xD1, 0x58, 0x00, 0x00, 0x01, 0x45, 0x56, 0x53, 0x01];

    public const byte ClaIso = 0x00;
    public const byte InsSelect = 0xA4;
    public const byte InsReadBinary = 0xB0;
    public const byte InsVerify = 0x20;
    public const byte InsManageSecurityEnvironment = 0x22;
    public const byte InsPerformSecurityOperation = 0x2A;
    public const byte InsGetResponse = 0xC0;

    /// <summary>SELECT P1: by DF name (AID).</summary>
    public const byte SelectByDfName = 0x04;

    /// <summary>SELECT P1: EF under the current DF by file identifier.</summary>
    public const byte SelectEfUnderCurrentDf = 0x02;

    /// <summary>SELECT P2: return the FCI (application) / FCP (file).</summary>
    public const byte SelectReturnFci = 0x00;

    public const byte SelectReturnFcp = 0x04;

    /// <summary>The card holder PIN, a local reference (ISO 7816-4 §7.5.6).</summary>
    public const byte PinReference = 0x81;

    /// <summary>VERIFY P1 that resets the PIN's verified state (ISO 7816-4:2013 §11.5.6).</summary>
    public const byte VerifyResetSecurityStatus = 0xFF;

    /// <summary>The PIN block: ASCII characters padded with FF to eight bytes.</summary>
    public const int PinBlockLength = 8;

    public const byte PinPadding = 0xFF;

    public const int PinTriesMax = 3;

    /// <summary>MSE:SET P1-P2 for the digital signature template (set for computation, DST).</summary>
    public const byte MseSetForComputation = 0x41;

    public const byte MseDigitalSignatureTemplate = 0xB6;

    public const byte TagAlgorithmReference = 0x80;
    public const byte TagPrivateKeyReference = 0x84;

    /// <summary>PSO: COMPUTE DIGITAL SIGNATURE, P1-P2 = 9E 9A.</summary>
    public const byte PsoSignatureOut = 0x9E;

    public const byte PsoDataToSign = 0x9A;

    /// <summary>The largest READ BINARY offset a short P1-P2 can address (15 bits).</summary>
    public const int MaxReadOffset = 0x7FFF;

    /// <summary>EF.GDO (ISO 7816-4 §8.2.1.1): the card identification data, here the printed card number (卡號).</summary>
    public const ushort CardNumberFileId = 0x2F02;

    /// <summary>Tag of the card number inside EF.GDO (ISO 7816-4's "card identifier / ICC serial number" data object).</summary>
    public const byte TagCardNumber = 0x5A;

    /// <summary>The longest card number we read or write (HiCOS cards print 16 characters).</summary>
    public const int MaxCardNumberLength = 32;

    /// <summary>EF.GDO's content for a card number (<c>5A len ASCII</c>), or null when it is not 1 to 32 ASCII letters and digits.</summary>
    public static byte[]? EncodeCardNumber(string? cardNumber) =>
        IsCardNumber(cardNumber) ? [TagCardNumber, (byte)cardNumber!.Length, .. System.Text.Encoding.ASCII.GetBytes(cardNumber)] : null;

    /// <summary>The card number in EF.GDO's content, or null when the content is not <c>5A len</c> followed by ASCII letters and digits.</summary>
    public static string? ParseCardNumber(ReadOnlySpan<byte> content)
    {
        if (content.Length < 2 || content[0] != TagCardNumber || content[1] != content.Length - 2)
            return null;
        var text = System.Text.Encoding.ASCII.GetString(content[2..]);
        return IsCardNumber(text) ? text : null;
    }

    private static bool IsCardNumber(string? text) =>
        text is { Length: > 0 and <= MaxCardNumberLength } && text.All(char.IsAsciiLetterOrDigit);

    /// <summary>The keys a card carries: certificate file and private key reference per key id.</summary>
    public static readonly IReadOnlyList<CardKeySlot> Keys =
    [
        new("auth", CertificateFileId: 0x1001, KeyReference: 0x81),
        new("sign", CertificateFileId: 0x1002, KeyReference: 0x82),
    ];

    /// <summary>The slot for a key id ("auth", "sign"), or null for a key the profile does not know.</summary>
    public static CardKeySlot? Slot(string keyId) => Keys.FirstOrDefault(k => k.KeyId == keyId);

    /// <summary>The slot whose private key has this reference, or null.</summary>
    public static CardKeySlot? SlotByKeyReference(byte reference) => Keys.FirstOrDefault(k => k.KeyReference == reference);

    /// <summary>The slot whose certificate lives in this file, or null.</summary>
    public static CardKeySlot? SlotByFileId(ushort fileId) => Keys.FirstOrDefault(k => k.CertificateFileId == fileId);
}

/// <summary>Where one key lives on the card: its certificate EF and its private key reference.</summary>
public sealed record CardKeySlot(string KeyId, ushort CertificateFileId, byte KeyReference);

/// <summary>How the card computes a signature (MSE algorithm reference, tag 80).</summary>
public enum CardSignatureScheme : byte
{
    /// <summary>Raw RSA on an input as long as the modulus (the agent did the EMSA-PSS encoding).</summary>
    RsaRaw = 0x00,

    /// <summary>RSASSA-PKCS1-v1_5: the card pads the DigestInfo it receives.</summary>
    RsaPkcs1DigestInfo = 0x02,

    /// <summary>ECDSA on the hash it receives; the answer is r ‖ s.</summary>
    EcdsaOnHash = 0x04,
}
