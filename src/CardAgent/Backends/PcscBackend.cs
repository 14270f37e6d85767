using System.Collections.Concurrent;
using CardAgent.Cards;
using CardAgent.Pcsc;
using Microsoft.Extensions.Logging;

namespace CardAgent.Backends;

/// <summary>
/// Cards in PC/SC readers (pcsc-lite, WinSCard, macOS) through our own P/Invoke. Each operation
/// takes the reader, connects exclusively (so no other program sees the card while its PIN is
/// verified), runs the profile's commands and leaves the card with its PIN state reset.
/// </summary>
public sealed class PcscBackend(ILogger<PcscBackend> logger) : ICardBackend
{
    // Another program may hold the card for a moment (pcscd's own polling, a middleware); wait that long before saying busy.
    private static readonly TimeSpan SharingRetryWindow = TimeSpan.FromMilliseconds(1500);

    private readonly ReaderLocks locks = new();

    // Card kind per reader, valid while the reader's card-event counter and ATR stay the same.
    private readonly ConcurrentDictionary<string, (int EventCount, string Atr, string Kind)> kinds = new(StringComparer.Ordinal);

    public string Name => "pcsc";

    public bool IsDemo => false;

    public bool IsAvailable()
    {
        try
        {
            using var context = PcscContext.Establish();
            return true;
        }
        catch (Exception e) when (e is PcscException or DllNotFoundException or EntryPointNotFoundException)
        {
            logger.LogWarning("PC/SC is not available: {Reason}", e.Message);
            return false;
        }
    }

    public AgentResult<IReadOnlyList<ReaderInfo>> ListReaders()
    {
        ReaderStatus[] states;
        try
        {
            using var context = PcscContext.Establish();
            states = context.GetStatus(context.ListReaders());
        }
        catch (Exception e) when (e is PcscException or DllNotFoundException or EntryPointNotFoundException)
        {
            logger.LogWarning("listing readers failed: {Reason}", e.Message);
            return AgentError.ReaderServiceDown();
        }
        var readers = new List<ReaderInfo>(states.Length);
        foreach (var state in states)
        {
            if (!state.CardPresent)
            {
                kinds.TryRemove(state.Name, out _);
                readers.Add(new ReaderInfo(state.Name, false, null, null));
                continue;
            }
            var atr = AtrText.Format(state.Atr);
            readers.Add(new ReaderInfo(state.Name, true, KindOf(state, atr), atr));
        }
        return readers;
    }

    private string KindOf(ReaderStatus state, string atr)
    {
        if (kinds.TryGetValue(state.Name, out var known) && known.EventCount == state.EventCount && known.Atr == atr)
            return known.Kind;
        var opened = Open(state.Name);
        if (!opened.IsSuccess)
        {
            // A foreign card stays foreign until it is taken out; a busy reader is asked again next time.
            if (opened.Error!.Code == AgentErrorCode.UNSUPPORTED_CARD)
                kinds[state.Name] = (state.EventCount, atr, "unknown");
            return "unknown";
        }
        using var session = opened.Value;
        var certificate = session.ReadCertificate("auth");
        var kind = certificate.IsSuccess ? CardKinds.ToApiName(CardKinds.FromCertificate(certificate.Value)) : "unknown";
        if (certificate.IsSuccess)
            certificate.Value.Dispose();
        kinds[state.Name] = (state.EventCount, atr, kind);
        return kind;
    }

    public AgentResult<ICardSession> Open(string reader)
    {
        var held = locks.TryEnter(reader);
        if (held is null)
            return AgentError.ReaderBusy();
        PcscContext? context = null;
        PcscCard? card = null;
        try
        {
            context = PcscContext.Establish();
            if (!context.ListReaders().Contains(reader, StringComparer.Ordinal))
                return Fail(AgentError.NoReader(reader));
            TimedLink link;
            ProfileCard profile;
            bool selected;
            // A card that was reset since pcscd powered it (a fresh insertion, another program) answers the
            // first command with SCARD_W_RESET_CARD: nothing has been sent yet, so connect again once.
            for (var attempt = 1; ; attempt++)
            {
                var connected = Connect(context, reader);
                if (!connected.IsSuccess)
                    return Fail(connected.Error!);
                card = connected.Value;
                link = new TimedLink(card);
                profile = new ProfileCard(new ApduChannel(link));
                try
                {
                    selected = profile.SelectApplication();
                    break;
                }
                catch (PcscException e) when (e.Code == PcscCodes.ResetCard && attempt == 1)
                {
                    card.Dispose();
                    card = null;
                }
            }
            if (!selected)
                return Fail(AgentError.UnsupportedCard());
            var (ownedContext, ownedCard) = (context, card);
            return new ProfileCardSession(profile, link, MapFailure, pinVerified =>
            {
                if (pinVerified)
                    LeaveNoPinState(profile, ownedCard);
                ownedCard.Dispose();
                ownedContext.Dispose();
                held.Dispose();
            });
        }
        catch (Exception e) when (MapFailure(e) is { } error)
        {
            return Fail(error);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return Fail(AgentError.ReaderServiceDown());
        }

        AgentError Fail(AgentError error)
        {
            card?.Dispose();
            context?.Dispose();
            held.Dispose();
            return error;
        }
    }

    private static AgentResult<PcscCard> Connect(PcscContext context, string reader)
    {
        var deadline = DateTime.UtcNow + SharingRetryWindow;
        while (true)
        {
            try
            {
                return context.Connect(reader, ShareMode.Exclusive);
            }
            catch (PcscException e) when (e.Code == PcscCodes.SharingViolation)
            {
                if (DateTime.UtcNow >= deadline)
                    return AgentError.ReaderBusy();
                Thread.Sleep(50);
            }
            catch (PcscException e) when (e.Code is PcscCodes.NoSmartcard or PcscCodes.RemovedCard)
            {
                return AgentError.NoCard();
            }
            catch (PcscException e) when (e.Code is PcscCodes.UnknownReader or PcscCodes.ReaderUnavailable)
            {
                return AgentError.NoReader(reader);
            }
            catch (PcscException e) when (e.Code is PcscCodes.UnresponsiveCard or PcscCodes.UnpoweredCard or PcscCodes.UnsupportedCard or PcscCodes.ProtocolMismatch)
            {
                return AgentError.UnsupportedCard();
            }
        }
    }

    /// <summary>VERIFY with P1=FF drops the PIN state; a card that refuses is reset on release instead.</summary>
    private void LeaveNoPinState(ProfileCard profile, PcscCard card)
    {
        try
        {
            if (!profile.ResetPinStatus())
                card.Disposition = CardDisposition.Reset;
        }
        catch (Exception e) when (e is PcscException or CardProtocolException)
        {
            logger.LogInformation("could not reset the PIN state ({Reason}); resetting the card", e.Message);
            card.Disposition = CardDisposition.Reset;
        }
    }

    private AgentError? MapFailure(Exception e)
    {
        switch (e)
        {
            case PcscException { ServiceDown: true }:
                return AgentError.ReaderServiceDown();
            case PcscException { Code: PcscCodes.Timeout }:
                return AgentError.Timeout();
            case PcscException { CardGone: true }:
                return AgentError.CardRemoved();
            case CardProtocolException:
                logger.LogWarning("the card broke the profile: {Reason}", e.Message);
                return AgentError.UnsupportedCard();
            default:
                return null;
        }
    }

    public void Dispose()
    {
    }
}
