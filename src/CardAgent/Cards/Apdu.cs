namespace CardAgent.Cards;

/// <summary>An ISO 7816-4 command APDU (short form; longer data goes out by command chaining).</summary>
/// <param name="Cla">Class byte; the chaining bit (0x10) is set by the channel, never by callers.</param>
/// <param name="Ins">Instruction byte.</param>
/// <param name="P1">Parameter 1.</param>
/// <param name="P2">Parameter 2.</param>
/// <param name="Data">Command data (may be longer than 255 bytes: the channel chains it).</param>
/// <param name="Le">Expected response length: null for none, 1–256 otherwise (256 is encoded 00).</param>
public sealed record CommandApdu(byte Cla, byte Ins, byte P1, byte P2, byte[] Data, int? Le)
{
    /// <summary>The largest data field a short APDU carries.</summary>
    public const int MaxShortData = 255;

    /// <summary>Encodes a short APDU; data over 255 bytes must be chained first.</summary>
    public byte[] ToBytes()
    {
        if (Data.Length > MaxShortData)
            throw new InvalidOperationException("data over 255 bytes must be sent by command chaining");
        if (Le is < 1 or > 256)
            throw new InvalidOperationException("Le must be 1–256");
        var bytes = new byte[4 + (Data.Length > 0 ? 1 + Data.Length : 0) + (Le is null ? 0 : 1)];
        bytes[0] = Cla;
        bytes[1] = Ins;
        bytes[2] = P1;
        bytes[3] = P2;
        var at = 4;
        if (Data.Length > 0)
        {
            bytes[at++] = (byte)Data.Length;
            Data.CopyTo(bytes, at);
            at += Data.Length;
        }
        if (Le is { } le)
            bytes[at] = (byte)(le == 256 ? 0 : le);
        return bytes;
    }

    /// <summary>Decodes a short APDU as a card sees it (cases 1–4).</summary>
    public static CommandApdu? Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
            return null;
        byte cla = bytes[0], ins = bytes[1], p1 = bytes[2], p2 = bytes[3];
        var body = bytes[4..];
        if (body.Length == 0)
            return new CommandApdu(cla, ins, p1, p2, [], null);
        if (body.Length == 1)
            return new CommandApdu(cla, ins, p1, p2, [], body[0] == 0 ? 256 : body[0]);
        var lc = body[0];
        if (lc == 0)
            return null; // extended length: this profile uses chaining instead
        if (body.Length == 1 + lc)
            return new CommandApdu(cla, ins, p1, p2, body.Slice(1, lc).ToArray(), null);
        if (body.Length == 2 + lc)
            return new CommandApdu(cla, ins, p1, p2, body.Slice(1, lc).ToArray(), body[1 + lc] == 0 ? 256 : body[1 + lc]);
        return null;
    }

    /// <summary>Hides the data field: a VERIFY command carries the PIN.</summary>
    public override string ToString() => $"{Cla:X2} {Ins:X2} {P1:X2} {P2:X2} [{Data.Length} bytes] Le={Le?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
}

/// <summary>An ISO 7816-4 response APDU: data and the status word SW1 SW2.</summary>
public sealed record ResponseApdu(byte[] Data, ushort StatusWord)
{
    /// <summary>SW1, the first status byte.</summary>
    public byte Sw1 => (byte)(StatusWord >> 8);

    /// <summary>SW2, the second status byte.</summary>
    public byte Sw2 => (byte)StatusWord;

    /// <summary>True for 9000.</summary>
    public bool IsSuccess => StatusWord == StatusWords.Success;

    /// <summary>Splits raw response bytes into data and status word.</summary>
    public static ResponseApdu Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2)
            throw new CardProtocolException($"a response APDU needs at least the two status bytes, got {bytes.Length}");
        return new ResponseApdu(bytes[..^2].ToArray(), (ushort)(bytes[^2] << 8 | bytes[^1]));
    }

    /// <summary>Encodes data followed by SW1 SW2.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Data.Length + 2];
        Data.CopyTo(bytes, 0);
        bytes[^2] = Sw1;
        bytes[^1] = Sw2;
        return bytes;
    }

    /// <summary>A bare status word without data.</summary>
    public static ResponseApdu Status(ushort statusWord) => new([], statusWord);

    public override string ToString() => $"[{Data.Length} bytes] {StatusWord:X4}";
}

/// <summary>The status words the profile uses (ISO 7816-4 §5.1.3).</summary>
public static class StatusWords
{
    public const ushort Success = 0x9000;
    public const ushort EndOfFileReached = 0x6282;
    public const ushort WrongLength = 0x6700;
    public const ushort LastCommandOfChainExpected = 0x6883;
    public const ushort SecurityStatusNotSatisfied = 0x6982;
    public const ushort AuthenticationMethodBlocked = 0x6983;
    public const ushort ConditionsOfUseNotSatisfied = 0x6985;
    public const ushort IncorrectData = 0x6A80;
    public const ushort FileNotFound = 0x6A82;
    public const ushort IncorrectP1P2 = 0x6A86;
    public const ushort ReferencedDataNotFound = 0x6A88;
    public const ushort WrongOffset = 0x6B00;
    public const ushort InstructionNotSupported = 0x6D00;
    public const ushort ClassNotSupported = 0x6E00;

    /// <summary>63Cx: verification failed, x tries left.</summary>
    public static ushort VerificationFailed(int triesLeft) => (ushort)(0x63C0 | Math.Clamp(triesLeft, 0, 15));

    /// <summary>61xx: xx more bytes wait for GET RESPONSE (00 means 256 or more).</summary>
    public static ushort BytesAvailable(int count) => (ushort)(0x6100 | (count >= 256 ? 0 : count));

    /// <summary>6Cxx: wrong Le, the card says xx is right.</summary>
    public static ushort WrongLe(int exact) => (ushort)(0x6C00 | (exact >= 256 ? 0 : exact));
}

/// <summary>The card answered in a way the profile does not allow: a broken card or a bug, never a user error.</summary>
public sealed class CardProtocolException(string message) : Exception(message);
