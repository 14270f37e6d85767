using System.Security.Cryptography;

namespace CardAgent.Cards;

/// <summary>
/// A PIN held as ASCII bytes that are wiped on dispose; it never prints and is never kept past the
/// request that carried it.
/// </summary>
public sealed class PinCode : IDisposable
{
    private readonly byte[] ascii;
    private bool disposed;

    private PinCode(byte[] ascii) => this.ascii = ascii;

    /// <summary>Copies the characters (ASCII letters and digits only reach here) into a wipeable buffer.</summary>
    public static PinCode FromUtf8(ReadOnlySpan<byte> utf8) => new(utf8.ToArray());

    /// <summary>For the command line, where the PIN arrives as a string.</summary>
    public static PinCode FromString(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The PIN's characters; valid until disposed.</summary>
    public ReadOnlySpan<byte> Ascii
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return ascii;
        }
    }

    public int Length => ascii.Length;

    /// <summary>The ISO VERIFY data field: the characters padded with FF to eight bytes. Wipe it after use.</summary>
    public byte[] ToPinBlock()
    {
        var block = new byte[CardProfile.PinBlockLength];
        block.AsSpan().Fill(CardProfile.PinPadding);
        Ascii.CopyTo(block);
        return block;
    }

    /// <summary>The PIN as a string for libraries that take only strings (PKCS#11 login); as short-lived as possible.</summary>
    public string ToInsecureString() => System.Text.Encoding.ASCII.GetString(Ascii);

    public override string ToString() => "****";

    public void Dispose()
    {
        disposed = true;
        CryptographicOperations.ZeroMemory(ascii);
    }
}

/// <summary>The PIN length and character rules, checked before a PIN reaches any card.</summary>
public static class PinRules
{
    public const int MinLength = 6;
    public const int MaxLength = 8;

    /// <summary>
    /// Citizen cards take 6–8 digits; organisation cards 6–8 ASCII letters or digits (the eCPA manual
    /// asks for 6–8 characters). Returns null when the PIN is acceptable.
    /// </summary>
    public static AgentError? Check(PinCode pin, Domain.Certificates.CertificateKind kind)
    {
        var ascii = pin.Ascii;
        var digitsOnly = kind == Domain.Certificates.CertificateKind.Citizen;
        if (ascii.Length is < MinLength or > MaxLength)
            return AgentError.PinFormat(digitsOnly ? "自然人憑證 PIN 碼須為 6 至 8 位數字。" : "PIN 碼須為 6 至 8 碼英文字母或數字。");
        foreach (var b in ascii)
        {
            var ok = digitsOnly ? b is >= (byte)'0' and <= (byte)'9' : char.IsAsciiLetterOrDigit((char)b);
            if (!ok)
                return AgentError.PinFormat(digitsOnly ? "自然人憑證 PIN 碼只能是數字（6 至 8 位）。" : "PIN 碼只能是英文字母或數字（6 至 8 碼）。");
        }
        return null;
    }
}
