using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CardAgent;
using CardAgent.Backends;
using CardAgent.Cards;
using CardAgent.Tokens;

namespace HiPkiEmulator;

/// <summary>
/// What HiPKI does with the cards: lists readers and tokens (/pkcs11info) and signs (/sign), here over
/// the card images through the card agent's demo back end — the same emulated cards, PIN and persisted
/// try counter. Answers are JSON objects in HiPKI's shape, errors as ret_code / last_error.
/// </summary>
public sealed class CardService(DemoBackend cards, TimeProvider time)
{
    /// <summary>The version reported as serverVersion: the one agency IT scripts installed in 2025 (README.md).</summary>
    public const string ServerVersion = "1.3.4.103349";

    /// <summary>The reader shown when the cards folder holds no image: a reader without a card.</summary>
    public const string EmptyReader = "HiPKI emulator reader";

    private const string KeyId = "auth";

    public Dictionary<string, object?> Pkcs11Info(bool withCertificates)
    {
        var slots = new List<object>();
        foreach (var (reader, index) in Readers().Select((r, i) => (r, i)))
        {
            var slot = new Dictionary<string, object?> { ["slotDescription"] = reader, ["slotID"] = index, ["flags"] = 7, ["manufacturerID"] = "EVS emulator" };
            if (reader != EmptyReader)
                slot["token"] = Token(reader, withCertificates);
            slots.Add(slot);
        }
        return Answer("pkcs11info", ReturnCodes.Success, ReturnCodes.MinorNone, new()
        {
            ["serverVersion"] = ServerVersion,
            ["version"] = ServerVersion,
            ["emulator"] = true,
            ["libraryDescription"] = "EVS HiPKI emulator over card images",
            ["slots"] = slots,
        });
    }

    private Dictionary<string, object?>? Token(string reader, bool withCertificates)
    {
        var opened = cards.Open(reader);
        if (!opened.IsSuccess)
            return null;
        using var session = opened.Value;
        var certificate = session.ReadCertificate(KeyId);
        var cardNumber = session.ReadCardNumber();
        var token = new Dictionary<string, object?>
        {
            ["serialNumber"] = cardNumber.IsSuccess ? cardNumber.Value : null,
            ["label"] = "HiCOS",
            ["ulMinPinLen"] = PinRules.MinLength,
            ["ulMaxPinLen"] = PinRules.MaxLength,
        };
        if (withCertificates && certificate.IsSuccess)
        {
            using var cert = certificate.Value;
            token["certs"] = new[] { CertificateEntry(cert) };
        }
        return token;
    }

    /// <summary>The signing certificate as HiPKI lists it: label cert1, usage digitalSignature.</summary>
    private static Dictionary<string, object?> CertificateEntry(X509Certificate2 certificate) => new()
    {
        ["label"] = "cert1",
        ["id"] = Convert.ToBase64String(SHA1.HashData(certificate.GetPublicKey())),
        ["usage"] = "digitalSignature",
        ["certb64"] = Convert.ToBase64String(certificate.RawData),
        ["subjectDN"] = certificate.Subject,
        ["issuerDN"] = certificate.Issuer,
        ["sn"] = certificate.SerialNumber,
        ["subjectCN"] = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
        ["notBefore"] = certificate.NotBefore.ToUniversalTime().ToString("yyMMddHHmmss'Z'", CultureInfo.InvariantCulture),
        ["notAfter"] = certificate.NotAfter.ToUniversalTime().ToString("yyMMddHHmmss'Z'", CultureInfo.InvariantCulture),
    };

    public Dictionary<string, object?> Sign(SignPackage request)
    {
        if (string.IsNullOrEmpty(request.Tbs))
            return Failure(ReturnCodes.NoDataToSign);
        var content = request.Content();
        if (content is null || !request.HashAlgorithm.Equals("SHA256", StringComparison.OrdinalIgnoreCase) || request.SignatureType is not ("PKCS7" or "PKCS1"))
            return Failure(ReturnCodes.BadParameter);
        if (string.IsNullOrEmpty(request.Pin))
            return Failure(ReturnCodes.NoPin);
        var readers = Readers();
        if (readers.Count == 0)
            return Failure(ReturnCodes.NoReader);
        var reader = request.SlotDescription ?? readers[0];
        if (!readers.Contains(reader))
            return Failure(ReturnCodes.NoReader);
        if (reader == EmptyReader)
            return Failure(ReturnCodes.NoCard);
        var opened = cards.Open(reader);
        if (!opened.IsSuccess)
            return Failure(opened.Error!.Code == AgentErrorCode.CARD_REMOVED ? ReturnCodes.NoCard : ReturnCodes.NoReader);
        using var session = opened.Value;
        var read = session.ReadCertificate(KeyId);
        if (!read.IsSuccess)
            return Failure(ReturnCodes.CertificateNotFound);
        using var certificate = read.Value;
        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is null)
                return Failure(ReturnCodes.SignatureTypeError);
        }
        var now = time.GetUtcNow();
        if (request.CheckValidity && now < certificate.NotBefore)
            return Failure(ReturnCodes.CertificateNotYetValid);
        if (request.CheckValidity && now > certificate.NotAfter)
            return Failure(ReturnCodes.CertificateExpired);
        if (request.Pin.Length is < PinRules.MinLength or > PinRules.MaxLength)
            return Failure(ReturnCodes.CardLoginFailed, ReturnCodes.MinorPinLength);
        using (var pin = PinCode.FromString(request.Pin))
        {
            if (session.VerifyPin(pin) is { } pinError)
            {
                return pinError.Code switch
                {
                    AgentErrorCode.PIN_INCORRECT => Failure(ReturnCodes.CardLoginFailed, ReturnCodes.WrongPin(pinError.TriesLeft)),
                    AgentErrorCode.PIN_BLOCKED => Failure(ReturnCodes.CardLoginFailed, ReturnCodes.MinorPinLocked),
                    _ => Failure(ReturnCodes.CardLoginFailed, ReturnCodes.MinorFunctionFailed),
                };
            }
        }
        var cardNumber = session.ReadCardNumber();
        var cardSN = cardNumber.IsSuccess ? cardNumber.Value : null;
        byte[] signature;
        if (request.SignatureType == "PKCS7")
        {
            var attributes = CmsSignedDataWriter.SignedAttributes(content, now, request.Nonce, request.WithCardSN ? cardSN : null);
            var signed = session.Sign(KeyId, TokenAlgorithm.RS256, attributes, certificate);
            if (!signed.IsSuccess)
                return Failure(ReturnCodes.SignatureTypeError, ReturnCodes.MinorFunctionFailed);
            signature = CmsSignedDataWriter.Write(content, certificate, attributes, signed.Value);
        }
        else
        {
            // PKCS1: RSASSA-PKCS1-v1_5 with SHA-256 over the tbs bytes themselves, no wrapper.
            var signed = session.Sign(KeyId, TokenAlgorithm.RS256, content, certificate);
            if (!signed.IsSuccess)
                return Failure(ReturnCodes.SignatureTypeError, ReturnCodes.MinorFunctionFailed);
            signature = signed.Value;
        }
        return Answer("sign", ReturnCodes.Success, ReturnCodes.MinorNone, new()
        {
            ["signature"] = Convert.ToBase64String(signature),
            ["certb64"] = Convert.ToBase64String(certificate.RawData),
            ["cardSN"] = cardSN,
        });
    }

    /// <summary>Reader names: the card images, one empty reader for a folder without images, none without a folder.</summary>
    private List<string> Readers()
    {
        if (!cards.IsAvailable())
            return [];
        var listed = cards.ListReaders();
        var names = listed.IsSuccess ? listed.Value.Select(r => r.Name).ToList() : [];
        return names.Count == 0 ? [EmptyReader] : names;
    }

    public static Dictionary<string, object?> Failure(int code, int minor = ReturnCodes.MinorNone, string func = "sign") => Answer(func, code, minor, []);

    private static Dictionary<string, object?> Answer(string func, int code, int minor, Dictionary<string, object?> rest)
    {
        var answer = new Dictionary<string, object?> { ["func"] = func, ["ret_code"] = code, ["last_error"] = minor };
        foreach (var (key, value) in rest)
            answer[key] = value;
        return answer;
    }
}
