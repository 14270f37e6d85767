using System.Security.Cryptography;

namespace CardAgent.Cards;

/// <summary>What VERIFY said about the PIN.</summary>
public enum PinState
{
    Verified,
    Incorrect,
    Blocked,
}

/// <summary>The outcome of a VERIFY: verified, wrong with tries left, or blocked.</summary>
public sealed record PinVerification(PinState State, int TriesLeft);

/// <summary>
/// The card operations of our profile (docs/card-profile.md) over any <see cref="ICardChannel"/>:
/// the PC/SC back end and the demo back end both drive cards through this one class.
/// </summary>
public sealed class ProfileCard(ICardChannel channel)
{
    /// <summary>SELECT the application by AID; false when the card does not carry it.</summary>
    public bool SelectApplication()
    {
        var response = channel.Transmit(new CommandApdu(CardProfile.ClaIso, CardProfile.InsSelect, CardProfile.SelectByDfName, CardProfile.SelectReturnFci, CardProfile.ApplicationId, 256));
        return response.IsSuccess;
    }

    /// <summary>Reads the DER certificate of a key, or null when the card has no such key.</summary>
    public byte[]? ReadCertificate(CardKeySlot slot) => ReadFile(slot.CertificateFileId);

    /// <summary>
    /// The printed card number (卡號) from EF.GDO (<see cref="CardProfile.CardNumberFileId"/>, tag 5A), or
    /// null when the card has no such file or its content is not a card number. It is not signed by
    /// anything: a display fact only.
    /// </summary>
    public string? ReadCardNumber()
    {
        var content = ReadFile(CardProfile.CardNumberFileId);
        return content is null ? null : CardProfile.ParseCardNumber(content);
    }

    /// <summary>SELECT a transparent EF of the application and READ BINARY all of it; null when the card has no such file.</summary>
    private byte[]? ReadFile(ushort fileId)
    {
        var id = new[] { (byte)(fileId >> 8), (byte)fileId };
        var selected = channel.Transmit(new CommandApdu(CardProfile.ClaIso, CardProfile.InsSelect, CardProfile.SelectEfUnderCurrentDf, CardProfile.SelectReturnFcp, id, 256));
        if (selected.StatusWord == StatusWords.FileNotFound)
            return null;
        Expect(selected, "SELECT EF");
        var size = FileSizeFromFcp(selected.Data);
        if (size > CardProfile.MaxReadOffset + 1)
            throw new CardProtocolException($"file {fileId:X4} of {size} bytes is beyond what READ BINARY can address");
        var content = new byte[size];
        var offset = 0;
        while (offset < size)
        {
            var chunk = Math.Min(256, size - offset);
            var read = channel.Transmit(new CommandApdu(CardProfile.ClaIso, CardProfile.InsReadBinary, (byte)(offset >> 8), (byte)offset, [], chunk));
            Expect(read, "READ BINARY");
            if (read.Data.Length == 0 || read.Data.Length > chunk)
                throw new CardProtocolException($"READ BINARY at {offset} returned {read.Data.Length} bytes, asked for {chunk}");
            read.Data.CopyTo(content, offset);
            offset += read.Data.Length;
        }
        return content;
    }

    /// <summary>VERIFY without data: how the PIN stands, without spending a try.</summary>
    public PinVerification PinStatus() => Interpret(channel.Transmit(new CommandApdu(CardProfile.ClaIso, CardProfile.InsVerify, 0x00, CardProfile.PinReference, [], null)), "VERIFY (status)");

    /// <summary>VERIFY the PIN; the PIN block is wiped as soon as it has been sent.</summary>
    public PinVerification VerifyPin(PinCode pin)
    {
        var block = pin.ToPinBlock();
        try
        {
            return Interpret(channel.Transmit(new CommandApdu(CardProfile.ClaIso, CardProfile.InsVerify, 0x00, CardProfile.PinReference, block, null)), "VERIFY");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }

    /// <summary>Drops the PIN's verified state so nothing else on this machine can use it afterwards.</summary>
    public bool ResetPinStatus() =>
        channel.Transmit(new CommandApdu(CardProfile.ClaIso, CardProfile.InsVerify, CardProfile.VerifyResetSecurityStatus, CardProfile.PinReference, [], null)).IsSuccess;

    /// <summary>
    /// Whether the key signs with <paramref name="scheme"/>: MSE:SET answers 6A80 for an algorithm that does not
    /// fit the key (a card that keeps raw RSA for decryption keys refuses PSS this way). Needs no PIN.
    /// </summary>
    public bool Offers(CardKeySlot slot, CardSignatureScheme scheme)
    {
        var response = SetEnvironment(slot, scheme);
        if (response.StatusWord == StatusWords.IncorrectData)
            return false;
        Expect(response, "MSE:SET");
        return true;
    }

    /// <summary>MSE:SET the key and scheme, then PSO: COMPUTE DIGITAL SIGNATURE over <paramref name="input"/>.</summary>
    public byte[] Sign(CardKeySlot slot, CardSignatureScheme scheme, byte[] input)
    {
        Expect(SetEnvironment(slot, scheme), "MSE:SET");
        var signed = channel.Transmit(new CommandApdu(CardProfile.ClaIso, CardProfile.InsPerformSecurityOperation, CardProfile.PsoSignatureOut, CardProfile.PsoDataToSign, input, 256));
        Expect(signed, "PSO: COMPUTE DIGITAL SIGNATURE");
        return signed.Data;
    }

    private ResponseApdu SetEnvironment(CardKeySlot slot, CardSignatureScheme scheme)
    {
        byte[] template = [CardProfile.TagAlgorithmReference, 1, (byte)scheme, CardProfile.TagPrivateKeyReference, 1, slot.KeyReference];
        return channel.Transmit(new CommandApdu(CardProfile.ClaIso, CardProfile.InsManageSecurityEnvironment, CardProfile.MseSetForComputation, CardProfile.MseDigitalSignatureTemplate, template, null));
    }

    private static PinVerification Interpret(ResponseApdu response, string step) => response.StatusWord switch
    {
        StatusWords.Success => new PinVerification(PinState.Verified, CardProfile.PinTriesMax),
        StatusWords.AuthenticationMethodBlocked => new PinVerification(PinState.Blocked, 0),
        >= 0x63C1 and <= 0x63CF => new PinVerification(PinState.Incorrect, response.Sw2 & 0x0F),
        0x63C0 => new PinVerification(PinState.Blocked, 0),
        _ => throw new CardProtocolException($"{step} answered {response.StatusWord:X4}"),
    };

    private static void Expect(ResponseApdu response, string step)
    {
        if (!response.IsSuccess)
            throw new CardProtocolException($"{step} answered {response.StatusWord:X4}");
    }

    /// <summary>The file size from an FCP template (62 … 80 len size …).</summary>
    private static int FileSizeFromFcp(byte[] fcp)
    {
        if (fcp.Length < 2 || fcp[0] != 0x62 || fcp[1] != fcp.Length - 2)
            throw new CardProtocolException("SELECT EF did not return an FCP template");
        var at = 2;
        while (at + 2 <= fcp.Length)
        {
            var tag = fcp[at];
            var len = fcp[at + 1];
            if (at + 2 + len > fcp.Length)
                break;
            if (tag == 0x80 && len is >= 1 and <= 3)
            {
                var size = 0;
                for (var i = 0; i < len; i++)
                    size = size << 8 | fcp[at + 2 + i];
                return size;
            }
            at += 2 + len;
        }
        throw new CardProtocolException("the FCP template has no file size (tag 80)");
    }
}
