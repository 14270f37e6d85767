using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CardAgent.Cards;
using CardAgent.Tokens;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ISession = Net.Pkcs11Interop.HighLevelAPI.ISession;

namespace CardAgent.Backends;

/// <summary>
/// Cards behind a vendor PKCS#11 module (HiCOS's <c>libHicos_p11.so</c>, or SoftHSM2 in tests):
/// each slot is a reader; the certificate and private key are paired by CKA_ID; login is C_Login
/// with the PIN; RSA keys sign with CKM_SHA256_RSA_PKCS_PSS (or CKM_RSA_PKCS_PSS on the hash) where the module
/// and the key allow it, CKM_SHA256_RSA_PKCS otherwise; EC keys with CKM_ECDSA on the hash.
/// </summary>
public sealed class Pkcs11Backend(string modulePath, ILogger<Pkcs11Backend> logger) : ICardBackend
{
    private static readonly Pkcs11InteropFactories Factories = Pkcs11Modules.Factories;

    private readonly ReaderLocks locks = new();

    public string Name => "pkcs11";

    public bool IsDemo => false;

    public bool IsAvailable() => Library() is not null;

    private IPkcs11Library? Library()
    {
        try
        {
            return Pkcs11Modules.Get(modulePath);
        }
        catch (Exception e) when (e is Pkcs11Exception or UnmanagedException or DllNotFoundException or LibraryArchitectureException or IOException)
        {
            logger.LogWarning("PKCS#11 module {Module} could not be loaded: {Reason}", modulePath, e.Message);
            return null;
        }
    }

    /// <summary>Slots and their reader names (the slot description; the slot id is added when two descriptions repeat).</summary>
    private AgentResult<List<(string Name, ISlot Slot, bool TokenPresent)>> Slots()
    {
        var library = Library();
        if (library is null)
            return AgentError.ReaderServiceDown();
        try
        {
            return NamedSlots(library);
        }
        catch (Pkcs11Exception e)
        {
            logger.LogWarning("PKCS#11 slot list failed: {Reason}", e.Message);
            return AgentError.ReaderServiceDown();
        }
    }

    private static List<(string Name, ISlot Slot, bool TokenPresent)> NamedSlots(IPkcs11Library library)
    {
        var slots = library.GetSlotList(SlotsType.WithOrWithoutTokenPresent)
            .Select(s => (Slot: s, Info: s.GetSlotInfo()))
            .ToList();
        var repeated = slots.GroupBy(s => s.Info.SlotDescription.Trim()).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return slots.Select(s =>
        {
            var description = s.Info.SlotDescription.Trim();
            var name = repeated.Contains(description) ? $"{description} ({s.Slot.SlotId})" : description;
            return (name, s.Slot, s.Info.SlotFlags.TokenPresent);
        }).ToList();
    }

    public AgentResult<IReadOnlyList<ReaderInfo>> ListReaders()
    {
        var listed = Slots();
        if (!listed.IsSuccess)
            return listed.Error!;
        var slots = listed.Value;
        var readers = new List<ReaderInfo>();
        foreach (var (name, _, present) in slots)
        {
            if (!present)
            {
                readers.Add(new ReaderInfo(name, false, null, null));
                continue;
            }
            var kind = "unknown";
            var opened = Open(name);
            if (opened.IsSuccess)
            {
                using var session = opened.Value;
                var certificate = session.ReadCertificate("auth");
                if (certificate.IsSuccess)
                {
                    using (certificate.Value)
                        kind = CardKinds.ToApiName(CardKinds.FromCertificate(certificate.Value));
                }
            }
            readers.Add(new ReaderInfo(name, true, kind, null));
        }
        return readers;
    }

    public AgentResult<ICardSession> Open(string reader)
    {
        var listed = Slots();
        if (!listed.IsSuccess)
            return listed.Error!;
        var match = listed.Value.FirstOrDefault(s => s.Name == reader);
        if (match.Slot is null)
            return AgentError.NoReader(reader);
        if (!match.TokenPresent)
            return AgentError.NoCard();
        var held = locks.TryEnter(reader);
        if (held is null)
            return AgentError.ReaderBusy();
        try
        {
            var session = match.Slot.OpenSession(SessionType.ReadOnly);
            return new Pkcs11Session(match.Slot, session, held);
        }
        catch (Pkcs11Exception e)
        {
            held.Dispose();
            return Map(e) ?? throw new InvalidOperationException($"PKCS#11 C_OpenSession failed: {e.RV}", e);
        }
    }

    /// <summary>The agent error for a module return value, or null for one that means a bug.</summary>
    internal static AgentError? Map(Pkcs11Exception e) => e.RV switch
    {
        CKR.CKR_TOKEN_NOT_PRESENT or CKR.CKR_TOKEN_NOT_RECOGNIZED => AgentError.NoCard(),
        CKR.CKR_DEVICE_REMOVED or CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED => AgentError.CardRemoved(),
        CKR.CKR_PIN_LOCKED => AgentError.PinBlocked(),
        CKR.CKR_PIN_LEN_RANGE => AgentError.PinFormat("PIN 碼長度不符合卡片的規定。"),
        CKR.CKR_DEVICE_ERROR or CKR.CKR_DEVICE_MEMORY or CKR.CKR_FUNCTION_FAILED => AgentError.UnsupportedCard(),
        CKR.CKR_FUNCTION_CANCELED => AgentError.Timeout(),
        _ => null,
    };

    /// <summary>Tries left from the token flags: one when the final try is next, unknown otherwise.</summary>
    internal static int? TriesLeft(ITokenFlags flags) => flags.UserPinFinalTry ? 1 : null;

    public void Dispose()
    {
    }

    /// <summary>One PKCS#11 session on one slot.</summary>
    private sealed class Pkcs11Session(ISlot slot, ISession session, IDisposable held) : ICardSession
    {
        private long moduleTicks;
        private bool loggedIn;

        public TimeSpan CardTime => Stopwatch.GetElapsedTime(0, moduleTicks);

        public AgentResult<X509Certificate2> ReadCertificate(string keyId) => Guard<X509Certificate2>(() =>
        {
            var found = FindKey(keyId);
            if (found is null)
                return AgentError.UnsupportedCard();
            return found.Value.Certificate;
        });

        // PKCS#11 has no card-number object of its own (a token's serialNumber is the module's, not the printed 卡號).
        public AgentResult<string?> ReadCardNumber() => (string?)null;

        public AgentError? VerifyPin(PinCode pin)
        {
            var pinBytes = pin.Ascii.ToArray();
            try
            {
                Timed(() => session.Login(CKU.CKU_USER, pinBytes));
                loggedIn = true;
                return null;
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
                // Another session of this process logged in; the PIN still has to be right, so start over.
                session.Logout();
                return VerifyPin(pin);
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_PIN_INCORRECT)
            {
                var flags = slot.GetTokenInfo().TokenFlags;
                return flags.UserPinLocked ? AgentError.PinBlocked() : AgentError.PinIncorrect(TriesLeft(flags));
            }
            catch (Pkcs11Exception e) when (Map(e) is { } error)
            {
                return error;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pinBytes);
            }
        }

        public AgentResult<bool> OffersRsaPss(string keyId) => Guard<bool>(() =>
        {
            // The key is found by its certificate even before login (the private key is hidden until then).
            var found = FindKey(keyId);
            if (found is null)
                return AgentError.UnsupportedCard();
            found.Value.Certificate.Dispose();
            return PssMechanism(found.Value.PrivateKey) is not null;
        });

        /// <summary>
        /// The PSS mechanism to sign with: one the module lists as able to sign, and — when the key says which
        /// mechanisms it allows (CKA_ALLOWED_MECHANISMS) — one the key allows; null when there is none.
        /// </summary>
        private CKM? PssMechanism(IObjectHandle? privateKey)
        {
            var listed = Timed(() => slot.GetMechanismList());
            List<CKM>? allowed = null;
            if (privateKey is not null)
            {
                try
                {
                    var attribute = Timed(() => session.GetAttributeValue(privateKey, [CKA.CKA_ALLOWED_MECHANISMS]))[0];
                    allowed = attribute.CannotBeRead ? null : attribute.GetValueAsCkmList();
                }
                catch (Pkcs11Exception e) when (e.RV is CKR.CKR_ATTRIBUTE_TYPE_INVALID or CKR.CKR_ATTRIBUTE_SENSITIVE)
                {
                    // A module without the attribute: the mechanism list alone decides.
                }
            }
            foreach (var mechanism in (CKM[])[CKM.CKM_SHA256_RSA_PKCS_PSS, CKM.CKM_RSA_PKCS_PSS])
            {
                if (!listed.Contains(mechanism) || (allowed is { Count: > 0 } && !allowed.Contains(mechanism)))
                    continue;
                if (Timed(() => slot.GetMechanismInfo(mechanism)).MechanismFlags.Sign)
                    return mechanism;
            }
            return null;
        }

        public AgentResult<byte[]> Sign(string keyId, TokenAlgorithm algorithm, byte[] signedValue, X509Certificate2 certificate) => Guard<byte[]>(() =>
        {
            var found = FindKey(keyId);
            if (found is null)
                return AgentError.UnsupportedCard();
            found.Value.Certificate.Dispose();
            if (found.Value.PrivateKey is not { } privateKey)
                return AgentError.UnsupportedCard();
            if (algorithm == TokenAlgorithm.RS256)
                return Timed(() => session.Sign(Factories.MechanismFactory.Create(CKM.CKM_SHA256_RSA_PKCS), privateKey, signedValue));
            if (algorithm == TokenAlgorithm.PS256)
            {
                if (PssMechanism(privateKey) is not { } mechanism)
                    return AgentError.UnsupportedCard();
                var pss = Factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams((ulong)CKM.CKM_SHA256, (ulong)CKG.CKG_MGF1_SHA256, 32);
                // CKM_RSA_PKCS_PSS takes the hash; the combined mechanism hashes V itself.
                var input = mechanism == CKM.CKM_RSA_PKCS_PSS ? SignedValue.Hash(algorithm, signedValue) : signedValue;
                return Timed(() => session.Sign(Factories.MechanismFactory.Create(mechanism, pss), privateKey, input));
            }
            var hash = SignedValue.Hash(algorithm, signedValue);
            var signature = Timed(() => session.Sign(Factories.MechanismFactory.Create(CKM.CKM_ECDSA), privateKey, hash));
            using var ecdsa = certificate.GetECDsaPublicKey()!;
            return SignatureEncodings.ToIeeeP1363(signature, (ecdsa.KeySize + 7) / 8);
        });

        /// <summary>
        /// The certificate for a key id and the private key with the same CKA_ID: the certificate
        /// labelled with the key id, else the first whose key usage allows digital signatures.
        /// </summary>
        private (X509Certificate2 Certificate, IObjectHandle? PrivateKey)? FindKey(string keyId)
        {
            var certificates = Timed(() => session.FindAllObjects([
                Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
                Factories.ObjectAttributeFactory.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
            ]));
            var candidates = new List<(X509Certificate2 Certificate, string Label, byte[] Id)>();
            foreach (var handle in certificates)
            {
                var attributes = Timed(() => session.GetAttributeValue(handle, [CKA.CKA_VALUE, CKA.CKA_LABEL, CKA.CKA_ID]));
                try
                {
                    candidates.Add((X509CertificateLoader.LoadCertificate(attributes[0].GetValueAsByteArray()), attributes[1].GetValueAsString() ?? "", attributes[2].GetValueAsByteArray() ?? []));
                }
                catch (CryptographicException)
                {
                    // Not a certificate we can read; the token may hold others.
                }
            }
            var ordered = candidates.Where(c => c.Label == keyId)
                .Concat(candidates.Where(c => c.Label != keyId && AllowsDigitalSignature(c.Certificate)))
                .ToList();
            (X509Certificate2 Certificate, IObjectHandle? PrivateKey)? result = null;
            foreach (var candidate in ordered)
            {
                var keys = Timed(() => session.FindAllObjects([
                    Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
                    Factories.ObjectAttributeFactory.Create(CKA.CKA_ID, candidate.Id),
                ]));
                // Before login a token hides its private keys; the certificate alone is enough for reading it.
                if (keys.Count > 0 || !loggedIn)
                {
                    result = (candidate.Certificate, keys.Count > 0 ? keys[0] : null);
                    break;
                }
            }
            foreach (var candidate in candidates)
            {
                if (result is null || !ReferenceEquals(candidate.Certificate, result.Value.Certificate))
                    candidate.Certificate.Dispose();
            }
            return result;
        }

        private static bool AllowsDigitalSignature(X509Certificate2 certificate) =>
            certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is not { } usage
            || usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature);

        private T Timed<T>(Func<T> call)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                return call();
            }
            finally
            {
                moduleTicks += Stopwatch.GetTimestamp() - start;
            }
        }

        private void Timed(Action call) => Timed(() =>
        {
            call();
            return true;
        });

        private static AgentResult<T> Guard<T>(Func<AgentResult<T>> step)
        {
            try
            {
                return step();
            }
            catch (Pkcs11Exception e) when (Map(e) is { } error)
            {
                return error;
            }
        }

        public void Dispose()
        {
            try
            {
                if (loggedIn)
                    session.Logout();
            }
            catch (Pkcs11Exception)
            {
                // The token went away; nothing is left logged in on it.
            }
            finally
            {
                session.Dispose();
                held.Dispose();
            }
        }
    }
}
