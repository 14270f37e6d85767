using CardAgent.Backends;
using CardAgent.Cards;
using CardAgent.Tokens;
using Microsoft.Extensions.Options;

namespace CardAgent.Commands;

/// <summary>
/// POST /v1/authenticate: reads the certificate, checks the PIN format, verifies the PIN on the
/// card and signs V = H(origin) ‖ H(challenge), returning the card token. The command owns the
/// request: its <see cref="PinCode"/> is wiped as soon as the card work is over (not when the caller
/// stops waiting), so callers must not dispose it themselves.
/// </summary>
public sealed class AuthenticateCommand(ICardBackend backend, IOptions<AgentOptions> options)
{
    private const string KeyId = "auth";

    public Task<CommandOutcome<CardToken>> HandleAsync(AuthenticateRequest request, CancellationToken cancellationToken)
    {
        var refused = Refusal(request);
        if (refused is not null)
        {
            request.Dispose();
            return Done(refused);
        }
        return CardStep.RunAsync(backend, request.Reader!, TimeSpan.FromSeconds(options.Value.CardTimeoutSeconds),
            (session, abandoned) => Authenticate(session, request, abandoned), cancellationToken, finished: request.Dispose);
    }

    private static AgentError? Refusal(AuthenticateRequest request)
    {
        if (RequestChecks.Reader(request.Reader) is { } badReader)
            return badReader;
        if (RequestChecks.Challenge(request.Challenge) is { } badChallenge)
            return badChallenge;
        if (!RequestChecks.IsSerializedOrigin(request.Origin))
            return AgentError.OriginNotAllowed();
        if (request.Pin is null || request.Pin.Length == 0)
            return AgentError.PinFormat("請輸入 PIN 碼。");
        // The length rule holds for every card kind, so a PIN of the wrong length never reaches a card.
        if (request.Pin.Length is < PinRules.MinLength or > PinRules.MaxLength)
            return AgentError.PinFormat("PIN 碼須為 6 至 8 碼。");
        return null;
    }

    private static AgentResult<CardToken> Authenticate(ICardSession session, AuthenticateRequest request, CancellationToken abandoned)
    {
        var read = session.ReadCertificate(KeyId);
        if (!read.IsSuccess)
            return read.Error!;
        using var certificate = read.Value;
        var cardNumber = session.ReadCardNumber();
        if (!cardNumber.IsSuccess)
            return cardNumber.Error!;
        var algorithm = TokenAlgorithm.ForCertificate(certificate);
        if (algorithm is null)
            return AgentError.UnsupportedCard();
        if (PinRules.Check(request.Pin!, CardKinds.FromCertificate(certificate)) is { } badPin)
            return badPin;
        // The caller has already been told TIMEOUT: do not spend a PIN try it no longer waits for.
        if (abandoned.IsCancellationRequested)
            return AgentError.Timeout();
        // A locked card is unlocked by whoever issued it: name the issuing CA (from the certificate, readable without a PIN).
        if (session.VerifyPin(request.Pin!) is { } pinError)
            return pinError.Code == AgentErrorCode.PIN_BLOCKED
                ? pinError with { Issuer = certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: true) }
                : pinError;
        // PS256 wherever the key can: a PKCS#1 v1.5 signature over V is also what any generic signer on this
        // PC (HiPKI's PKCS1 mode) makes of the same 64 bytes, so only PSS keeps the token ours (docs/card-agent.md).
        // Asked after the PIN: a PKCS#11 token shows its private key's allowed mechanisms only once logged in.
        if (algorithm == TokenAlgorithm.PS256)
        {
            var pss = session.OffersRsaPss(KeyId);
            if (!pss.IsSuccess)
                return pss.Error!;
            if (!pss.Value)
                algorithm = TokenAlgorithm.RS256;
        }
        var value = SignedValue.Compute(algorithm, request.Origin!, request.Challenge!);
        return session.Sign(KeyId, algorithm, value, certificate).Then<CardToken>(signature =>
            new CardToken(CardToken.FormatName, Convert.ToBase64String(certificate.RawData), Convert.ToBase64String(signature), algorithm.Name, cardNumber.Value));
    }

    private static Task<CommandOutcome<CardToken>> Done(AgentError error) => Task.FromResult(new CommandOutcome<CardToken>(error, TimeSpan.Zero));
}

/// <summary>An authenticate request: the reader, the PIN (wiped when disposed), the challenge and the caller's origin.</summary>
public sealed class AuthenticateRequest : IDisposable
{
    public string? Reader { get; init; }

    public PinCode? Pin { get; init; }

    public string? Challenge { get; init; }

    /// <summary>The request's Origin header (the host fills it in; never from the body).</summary>
    public string? Origin { get; init; }

    public void Dispose() => Pin?.Dispose();
}
