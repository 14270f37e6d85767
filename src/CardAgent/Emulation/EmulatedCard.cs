using System.Numerics;
using System.Security.Cryptography;
using CardAgent.Cards;

namespace CardAgent.Emulation;

/// <summary>
/// A card that implements our profile (docs/card-profile.md) from a <see cref="CardImage"/>: the
/// virtual card behind vpcd and the demo back end both answer APDUs with it. It keeps the PIN
/// try counter like a real card and reports every change so the image on disk can follow.
/// </summary>
public sealed class EmulatedCard : IApduLink, IDisposable
{
    private const byte ChainingBit = 0x10;
    private const int MaxChainedData = 4096;

    private readonly CardImage image;
    private readonly Action<int> triesChanged;
    private readonly Dictionary<byte, EmulatedKey> keys = [];
    private readonly Dictionary<ushort, byte[]> files = [];

    private int triesLeft;
    private bool applicationSelected;
    private ushort? selectedFile;
    private bool pinVerified;
    private (CardSignatureScheme Scheme, byte KeyReference)? environment;
    private List<byte>? chain;
    private byte[] pendingResponse = [];
    private int pendingOffset;

    /// <param name="image">The card's contents.</param>
    /// <param name="triesChanged">Called with the new try counter after every change (persist it).</param>
    public EmulatedCard(CardImage image, Action<int> triesChanged)
    {
        this.image = image;
        this.triesChanged = triesChanged;
        triesLeft = image.PinTriesLeft;
        foreach (var key in image.Keys)
        {
            var slot = CardProfile.Slot(key.Id);
            if (slot is null)
                continue;
            files[slot.CertificateFileId] = key.CertificateDer();
            keys[slot.KeyReference] = EmulatedKey.Import(key);
        }
        // A card number the profile cannot carry is left off, as a card without EF.GDO would be.
        if (CardProfile.EncodeCardNumber(image.CardNumber) is { } cardIdentification)
            files[CardProfile.CardNumberFileId] = cardIdentification;
    }

    /// <summary>The ATR the card answers power-on with.</summary>
    public byte[] Atr => image.AtrBytes();

    /// <summary>How many PIN tries are left now.</summary>
    public int TriesLeft => triesLeft;

    /// <summary>Power off, power on or warm reset: every volatile state (selection, PIN status, environment) is gone.</summary>
    public void Reset()
    {
        applicationSelected = false;
        selectedFile = null;
        pinVerified = false;
        environment = null;
        chain = null;
        pendingResponse = [];
        pendingOffset = 0;
    }

    /// <inheritdoc />
    public byte[] Transmit(ReadOnlySpan<byte> command) => Process(command).ToBytes();

    /// <summary>Answers one command APDU.</summary>
    public ResponseApdu Process(ReadOnlySpan<byte> raw)
    {
        var command = CommandApdu.Parse(raw);
        if (command is null)
            return ResponseApdu.Status(StatusWords.WrongLength);
        if ((command.Cla & ~ChainingBit) != CardProfile.ClaIso)
            return ResponseApdu.Status(StatusWords.ClassNotSupported);
        if (command.Ins != CardProfile.InsGetResponse)
        {
            pendingResponse = [];
            pendingOffset = 0;
        }

        if ((command.Cla & ChainingBit) != 0)
        {
            if (command.Ins != CardProfile.InsPerformSecurityOperation)
                return ResponseApdu.Status(StatusWords.LastCommandOfChainExpected);
            chain ??= [];
            chain.AddRange(command.Data);
            return chain.Count > MaxChainedData ? Abort(StatusWords.WrongLength) : ResponseApdu.Status(StatusWords.Success);
        }
        if (chain is not null)
        {
            if (command.Ins != CardProfile.InsPerformSecurityOperation)
                return Abort(StatusWords.LastCommandOfChainExpected);
            chain.AddRange(command.Data);
            command = command with { Data = [.. chain] };
            chain = null;
        }

        return command.Ins switch
        {
            CardProfile.InsSelect => Select(command),
            CardProfile.InsReadBinary => ReadBinary(command),
            CardProfile.InsVerify => Verify(command),
            CardProfile.InsManageSecurityEnvironment => ManageSecurityEnvironment(command),
            CardProfile.InsPerformSecurityOperation => ComputeSignature(command),
            CardProfile.InsGetResponse => GetResponse(command),
            _ => ResponseApdu.Status(StatusWords.InstructionNotSupported),
        };
    }

    private ResponseApdu Abort(ushort statusWord)
    {
        chain = null;
        return ResponseApdu.Status(statusWord);
    }

    private ResponseApdu Select(CommandApdu command)
    {
        if (command.P1 == CardProfile.SelectByDfName)
        {
            if (!command.Data.AsSpan().SequenceEqual(CardProfile.ApplicationId))
                return ResponseApdu.Status(StatusWords.FileNotFound);
            applicationSelected = true;
            selectedFile = null;
            environment = null;
            pinVerified = false;
            // FCI: 6F { 84 AID }
            byte[] fci = [0x6F, (byte)(2 + CardProfile.ApplicationId.Length), 0x84, (byte)CardProfile.ApplicationId.Length, .. CardProfile.ApplicationId];
            return command.P2 == 0x0C ? ResponseApdu.Status(StatusWords.Success) : new ResponseApdu(fci, StatusWords.Success);
        }
        if (command.P1 != CardProfile.SelectEfUnderCurrentDf)
            return ResponseApdu.Status(StatusWords.IncorrectP1P2);
        if (!applicationSelected || command.Data.Length != 2)
            return ResponseApdu.Status(StatusWords.FileNotFound);
        var fileId = (ushort)(command.Data[0] << 8 | command.Data[1]);
        if (!files.TryGetValue(fileId, out var content))
            return ResponseApdu.Status(StatusWords.FileNotFound);
        selectedFile = fileId;
        // FCP: 62 { 80 size(2) 82 01 01 (transparent EF) 83 02 fid }
        byte[] fcp = [0x62, 11, 0x80, 2, (byte)(content.Length >> 8), (byte)content.Length, 0x82, 1, 0x01, 0x83, 2, command.Data[0], command.Data[1]];
        return command.P2 == 0x0C ? ResponseApdu.Status(StatusWords.Success) : new ResponseApdu(fcp, StatusWords.Success);
    }

    private ResponseApdu ReadBinary(CommandApdu command)
    {
        if (selectedFile is not { } fileId)
            return ResponseApdu.Status(StatusWords.ConditionsOfUseNotSatisfied);
        if ((command.P1 & 0x80) != 0)
            return ResponseApdu.Status(StatusWords.IncorrectP1P2); // short EF identifiers are not part of the profile
        var content = files[fileId];
        var offset = command.P1 << 8 | command.P2;
        if (offset >= content.Length)
            return ResponseApdu.Status(StatusWords.WrongOffset);
        var remaining = content.Length - offset;
        var wanted = command.Le ?? 256;
        if (wanted > remaining)
        {
            // A T=0 style card names the exact length; Le=00 (256) is "as much as there is" and ends with 6282.
            return wanted == 256
                ? new ResponseApdu(content[offset..], StatusWords.EndOfFileReached)
                : ResponseApdu.Status(StatusWords.WrongLe(remaining));
        }
        return new ResponseApdu(content[offset..(offset + wanted)], StatusWords.Success);
    }

    private ResponseApdu Verify(CommandApdu command)
    {
        if (command.P2 != CardProfile.PinReference)
            return ResponseApdu.Status(StatusWords.ReferencedDataNotFound);
        if (command.P1 == CardProfile.VerifyResetSecurityStatus)
        {
            pinVerified = false;
            return ResponseApdu.Status(StatusWords.Success);
        }
        if (command.P1 != 0x00)
            return ResponseApdu.Status(StatusWords.IncorrectP1P2);
        if (triesLeft == 0)
            return ResponseApdu.Status(StatusWords.AuthenticationMethodBlocked);
        if (command.Data.Length == 0)
            return ResponseApdu.Status(pinVerified ? StatusWords.Success : StatusWords.VerificationFailed(triesLeft));
        if (command.Data.Length != CardProfile.PinBlockLength)
            return ResponseApdu.Status(StatusWords.WrongLength);

        var expected = new byte[CardProfile.PinBlockLength];
        expected.AsSpan().Fill(CardProfile.PinPadding);
        System.Text.Encoding.ASCII.GetBytes(image.Pin).AsSpan(0, Math.Min(image.Pin.Length, CardProfile.PinBlockLength)).CopyTo(expected);
        var matches = CryptographicOperations.FixedTimeEquals(expected, command.Data);
        CryptographicOperations.ZeroMemory(command.Data);
        if (matches)
        {
            pinVerified = true;
            if (triesLeft != image.PinTriesMax)
            {
                triesLeft = image.PinTriesMax;
                triesChanged(triesLeft);
            }
            return ResponseApdu.Status(StatusWords.Success);
        }
        pinVerified = false;
        triesLeft--;
        triesChanged(triesLeft);
        return ResponseApdu.Status(StatusWords.VerificationFailed(triesLeft));
    }

    private ResponseApdu ManageSecurityEnvironment(CommandApdu command)
    {
        if (command.P1 != CardProfile.MseSetForComputation || command.P2 != CardProfile.MseDigitalSignatureTemplate)
            return ResponseApdu.Status(StatusWords.IncorrectP1P2);
        byte? algorithm = null, keyReference = null;
        var data = command.Data;
        for (var at = 0; at + 2 <= data.Length; at += 2 + data[at + 1])
        {
            if (at + 2 + data[at + 1] > data.Length || data[at + 1] != 1)
                return ResponseApdu.Status(StatusWords.IncorrectData);
            if (data[at] == CardProfile.TagAlgorithmReference)
                algorithm = data[at + 2];
            else if (data[at] == CardProfile.TagPrivateKeyReference)
                keyReference = data[at + 2];
        }
        if (algorithm is null || keyReference is null || !Enum.IsDefined((CardSignatureScheme)algorithm.Value))
            return ResponseApdu.Status(StatusWords.IncorrectData);
        if (!keys.TryGetValue(keyReference.Value, out var key))
            return ResponseApdu.Status(StatusWords.ReferencedDataNotFound);
        if (!key.Supports((CardSignatureScheme)algorithm.Value))
            return ResponseApdu.Status(StatusWords.IncorrectData);
        environment = ((CardSignatureScheme)algorithm.Value, keyReference.Value);
        return ResponseApdu.Status(StatusWords.Success);
    }

    private ResponseApdu ComputeSignature(CommandApdu command)
    {
        if (command.P1 != CardProfile.PsoSignatureOut || command.P2 != CardProfile.PsoDataToSign)
            return ResponseApdu.Status(StatusWords.IncorrectP1P2);
        if (environment is not { } env)
            return ResponseApdu.Status(StatusWords.ConditionsOfUseNotSatisfied);
        if (!pinVerified)
            return ResponseApdu.Status(StatusWords.SecurityStatusNotSatisfied);
        var signature = keys[env.KeyReference].Sign(env.Scheme, command.Data);
        if (signature is null)
            return ResponseApdu.Status(StatusWords.IncorrectData);
        // Like a T=0 card, the signature waits for GET RESPONSE.
        pendingResponse = signature;
        pendingOffset = 0;
        return ResponseApdu.Status(StatusWords.BytesAvailable(signature.Length));
    }

    private ResponseApdu GetResponse(CommandApdu command)
    {
        var remaining = pendingResponse.Length - pendingOffset;
        if (remaining <= 0)
            return ResponseApdu.Status(StatusWords.ConditionsOfUseNotSatisfied);
        var count = Math.Min(command.Le ?? 256, remaining);
        var data = pendingResponse[pendingOffset..(pendingOffset + count)];
        pendingOffset += count;
        remaining -= count;
        if (remaining == 0)
        {
            pendingResponse = [];
            pendingOffset = 0;
            return new ResponseApdu(data, StatusWords.Success);
        }
        return new ResponseApdu(data, StatusWords.BytesAvailable(remaining));
    }

    public void Dispose()
    {
        foreach (var key in keys.Values)
            key.Dispose();
    }

    /// <summary>A private key on the emulated card.</summary>
    private sealed class EmulatedKey : IDisposable
    {
        private static readonly (HashAlgorithmName Name, byte[] Prefix)[] DigestInfoPrefixes =
        [
            (HashAlgorithmName.SHA256, Convert.FromHexString("3031300d060960864801650304020105000420")),
            (HashAlgorithmName.SHA384, Convert.FromHexString("3041300d060960864801650304020205000430")),
            (HashAlgorithmName.SHA512, Convert.FromHexString("3051300d060960864801650304020305000440")),
        ];

        private readonly CardImageKey source;
        private readonly bool isRsa;
        private readonly bool rawRsa;
        private RSA? rsa;
        private ECDsa? ecdsa;

        private EmulatedKey(CardImageKey source)
        {
            this.source = source;
            isRsa = source.Algorithm.StartsWith("RSA", StringComparison.Ordinal);
            rawRsa = isRsa && source.OffersRsaPss;
        }

        // The private key is imported on first use, like a card that touches its key only to sign.
        public static EmulatedKey Import(CardImageKey key) => new(key);

        private void EnsureImported()
        {
            if (rsa is not null || ecdsa is not null)
                return;
            var pkcs8 = source.PrivateKeyPkcs8();
            try
            {
                if (isRsa)
                {
                    rsa = RSA.Create();
                    rsa.ImportPkcs8PrivateKey(pkcs8, out _);
                }
                else
                {
                    ecdsa = ECDsa.Create();
                    ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }

        public bool Supports(CardSignatureScheme scheme) => scheme switch
        {
            CardSignatureScheme.RsaRaw => rawRsa,
            CardSignatureScheme.RsaPkcs1DigestInfo => isRsa,
            CardSignatureScheme.EcdsaOnHash => !isRsa,
            _ => false,
        };

        public byte[]? Sign(CardSignatureScheme scheme, byte[] input)
        {
            EnsureImported();
            switch (scheme)
            {
                case CardSignatureScheme.RsaPkcs1DigestInfo:
                    foreach (var (name, prefix) in DigestInfoPrefixes)
                    {
                        if (input.Length == prefix.Length + prefix[^1] && input.AsSpan().StartsWith(prefix))
                            return rsa!.SignHash(input[prefix.Length..], name, RSASignaturePadding.Pkcs1);
                    }
                    return null;
                case CardSignatureScheme.RsaRaw:
                    return RawRsa(input);
                case CardSignatureScheme.EcdsaOnHash:
                    return input.Length is >= 20 and <= 64 ? ecdsa!.SignHash(input) : null;
                default:
                    return null;
            }
        }

        /// <summary>m^d mod n by the Chinese remainder theorem: the BCL offers no unpadded RSA.</summary>
        private byte[]? RawRsa(byte[] input)
        {
            var p = rsa!.ExportParameters(includePrivateParameters: true);
            var modulusLength = p.Modulus!.Length;
            if (input.Length != modulusLength)
                return null;
            var n = new BigInteger(p.Modulus, isUnsigned: true, isBigEndian: true);
            var m = new BigInteger(input, isUnsigned: true, isBigEndian: true);
            if (m >= n)
                return null;
            var primeP = new BigInteger(p.P, isUnsigned: true, isBigEndian: true);
            var primeQ = new BigInteger(p.Q, isUnsigned: true, isBigEndian: true);
            var m1 = BigInteger.ModPow(m, new BigInteger(p.DP, isUnsigned: true, isBigEndian: true), primeP);
            var m2 = BigInteger.ModPow(m, new BigInteger(p.DQ, isUnsigned: true, isBigEndian: true), primeQ);
            var h = new BigInteger(p.InverseQ, isUnsigned: true, isBigEndian: true) * (m1 - m2) % primeP;
            if (h.Sign < 0)
                h += primeP;
            var s = m2 + h * primeQ;
            CryptographicOperations.ZeroMemory(p.D);
            CryptographicOperations.ZeroMemory(p.P);
            CryptographicOperations.ZeroMemory(p.Q);
            CryptographicOperations.ZeroMemory(p.DP);
            CryptographicOperations.ZeroMemory(p.DQ);
            CryptographicOperations.ZeroMemory(p.InverseQ);
            var bytes = s.ToByteArray(isUnsigned: true, isBigEndian: true);
            var result = new byte[modulusLength];
            bytes.CopyTo(result, modulusLength - bytes.Length);
            return result;
        }

        public void Dispose()
        {
            rsa?.Dispose();
            ecdsa?.Dispose();
        }
    }
}
