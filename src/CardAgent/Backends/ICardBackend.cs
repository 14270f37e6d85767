using System.Security.Cryptography.X509Certificates;
using CardAgent.Cards;
using CardAgent.Tokens;

namespace CardAgent.Backends;

/// <summary>One reader as API v1 lists it.</summary>
/// <param name="Name">The reader name to pass back in requests.</param>
/// <param name="CardPresent">Whether a card is in the reader.</param>
/// <param name="CardKind">"citizen", "organisation", "unknown", or null when no card.</param>
/// <param name="Atr">The card's ATR as spaced upper-case hex, or null.</param>
public sealed record ReaderInfo(string Name, bool CardPresent, string? CardKind, string? Atr);

/// <summary>
/// Where cards come from: PC/SC readers, a PKCS#11 module or the demo card images. Each back end
/// serialises work per reader and turns its own failures into <see cref="AgentError"/> values.
/// </summary>
public interface ICardBackend : IDisposable
{
    /// <summary>"pcsc", "pkcs11" or "demo".</summary>
    string Name { get; }

    /// <summary>True for the demo back end (status and pages say so).</summary>
    bool IsDemo { get; }

    /// <summary>Whether the back end can work now (service running, module loaded, folder present).</summary>
    bool IsAvailable();

    AgentResult<IReadOnlyList<ReaderInfo>> ListReaders();

    /// <summary>Takes the reader for one operation (READER_BUSY when another holds it) and connects to its card.</summary>
    AgentResult<ICardSession> Open(string reader);
}

/// <summary>One operation on one card, from connect to release; disposing it leaves no PIN state on the card.</summary>
public interface ICardSession : IDisposable
{
    /// <summary>The DER certificate of a key ("auth"); UNSUPPORTED_CARD when the card has no such key.</summary>
    AgentResult<X509Certificate2> ReadCertificate(string keyId);

    /// <summary>The printed card number (卡號) when the card carries one (docs/card-profile.md: EF.GDO), else null. Unsigned: display only.</summary>
    AgentResult<string?> ReadCardNumber();

    /// <summary>Checks the PIN on the card; null when verified.</summary>
    AgentError? VerifyPin(PinCode pin);

    /// <summary>
    /// Whether the RSA key can sign RSA-PSS (PS256): the card profile's MSE:SET, the module's mechanism list.
    /// A card or key without it gets RS256 tokens.
    /// </summary>
    AgentResult<bool> OffersRsaPss(string keyId);

    /// <summary>Signs the token value V with the key, in the token's encoding for the algorithm.</summary>
    AgentResult<byte[]> Sign(string keyId, TokenAlgorithm algorithm, byte[] signedValue, X509Certificate2 certificate);

    /// <summary>Time spent inside the card itself (APDU exchanges or module calls) during this session.</summary>
    TimeSpan CardTime { get; }
}
