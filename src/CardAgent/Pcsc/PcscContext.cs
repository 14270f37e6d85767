using System.Runtime.InteropServices;

namespace CardAgent.Pcsc;

/// <summary>An SCARDCONTEXT: the connection to the PC/SC service, released with SCardReleaseContext.</summary>
public sealed class PcscContext : SafeHandle
{
    private readonly IPcscApi api;

    private PcscContext(IPcscApi api, nint context) : base(0, ownsHandle: true)
    {
        this.api = api;
        SetHandle(context);
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>Connects to the PC/SC service; throws <see cref="PcscException"/> when it is not running.</summary>
    public static PcscContext Establish()
    {
        var api = PcscPlatform.Current;
        Check("SCardEstablishContext", api.EstablishContext(out var context));
        return new PcscContext(api, context);
    }

    /// <summary>The reader names PC/SC knows now.</summary>
    public string[] ListReaders()
    {
        Check("SCardListReaders", api.ListReaders(handle, out var readers));
        return readers;
    }

    /// <summary>Each reader's state now, without waiting.</summary>
    public ReaderStatus[] GetStatus(string[] readers)
    {
        if (readers.Length == 0)
            return [];
        var rc = api.GetStatusChange(handle, 0, readers, new uint[readers.Length], out var states);
        Check("SCardGetStatusChange", rc);
        return states;
    }

    /// <summary>
    /// Waits until one reader's state differs from <paramref name="known"/> (SCardGetStatusChange);
    /// returns null on timeout. pcscd polls its drivers, so this is how to learn of an insertion or removal.
    /// </summary>
    public ReaderStatus[]? WaitForChange(IReadOnlyList<ReaderStatus> known, TimeSpan timeout)
    {
        var readers = known.Select(k => k.Name).ToArray();
        var current = known.Select(k => k.RawState).ToArray();
        var rc = api.GetStatusChange(handle, timeout == Timeout.InfiniteTimeSpan ? PcscPlatform.Infinite : (int)timeout.TotalMilliseconds, readers, current, out var states);
        if (rc == PcscCodes.Timeout)
            return null;
        Check("SCardGetStatusChange", rc);
        return states;
    }

    /// <summary>Ends a wait in <see cref="WaitForChange"/> from another thread.</summary>
    public void Cancel() => api.Cancel(handle);

    /// <summary>Connects to the card in a reader with T=0 or T=1, whichever the card offers.</summary>
    public PcscCard Connect(string reader, ShareMode share)
    {
        Check("SCardConnect", api.Connect(handle, reader, share, CardProtocol.T0 | CardProtocol.T1, out var card, out var protocol));
        return new PcscCard(api, card, protocol);
    }

    protected override bool ReleaseHandle() => api.ReleaseContext(handle) == PcscCodes.Success;

    internal static void Check(string function, uint rc)
    {
        if (rc != PcscCodes.Success)
            throw new PcscException(function, rc);
    }
}
