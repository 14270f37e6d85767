using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CardAgent.Cards;
using CardAgent.Tokens;

namespace CardAgent.Backends;

/// <summary>
/// A session on a card that speaks our profile, over PC/SC or the emulator: reads certificates,
/// verifies the PIN and signs with PSO: COMPUTE DIGITAL SIGNATURE. Failures of the link are turned
/// into error values by the back end's <paramref name="mapFailure"/>.
/// </summary>
internal sealed class ProfileCardSession(ProfileCard card, TimedLink link, Func<Exception, AgentError?> mapFailure, Action<bool> release) : ICardSession
{
    private bool pinVerified;

    public TimeSpan CardTime => link.Elapsed;

    public AgentResult<X509Certificate2> ReadCertificate(string keyId) => Guard<X509Certificate2>(() =>
    {
        var slot = CardProfile.Slot(keyId);
        var der = slot is null ? null : card.ReadCertificate(slot);
        if (der is null)
            return AgentError.UnsupportedCard();
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            return AgentError.UnsupportedCard();
        }
    });

    public AgentResult<string?> ReadCardNumber() => Guard<string?>(() => card.ReadCardNumber());

    public AgentError? VerifyPin(PinCode pin)
    {
        var result = Guard<PinVerification>(() => card.VerifyPin(pin));
        if (!result.IsSuccess)
            return result.Error;
        var verification = result.Value;
        switch (verification.State)
        {
            case PinState.Verified:
                pinVerified = true;
                return null;
            case PinState.Incorrect:
                return AgentError.PinIncorrect(verification.TriesLeft);
            default:
                return AgentError.PinBlocked();
        }
    }

    public AgentResult<bool> OffersRsaPss(string keyId) => Guard<bool>(() =>
        CardProfile.Slot(keyId) is { } slot ? card.Offers(slot, CardSignatureScheme.RsaRaw) : AgentError.UnsupportedCard());

    public AgentResult<byte[]> Sign(string keyId, TokenAlgorithm algorithm, byte[] signedValue, X509Certificate2 certificate) => Guard<byte[]>(() =>
    {
        var slot = CardProfile.Slot(keyId);
        if (slot is null)
            return AgentError.UnsupportedCard();
        var hash = SignedValue.Hash(algorithm, signedValue);
        if (algorithm == TokenAlgorithm.RS256)
            return card.Sign(slot, CardSignatureScheme.RsaPkcs1DigestInfo, SignatureEncodings.Sha256DigestInfo(hash));
        if (algorithm == TokenAlgorithm.PS256)
        {
            using var rsa = certificate.GetRSAPublicKey()!;
            return card.Sign(slot, CardSignatureScheme.RsaRaw, SignatureEncodings.PssEncodeSha256(hash, rsa.KeySize));
        }
        using var ecdsa = certificate.GetECDsaPublicKey()!;
        var signature = card.Sign(slot, CardSignatureScheme.EcdsaOnHash, hash);
        return SignatureEncodings.ToIeeeP1363(signature, (ecdsa.KeySize + 7) / 8);
    });

    private AgentResult<T> Guard<T>(Func<AgentResult<T>> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (mapFailure(e) is { } error)
        {
            return error;
        }
    }

    public void Dispose() => release(pinVerified);
}
