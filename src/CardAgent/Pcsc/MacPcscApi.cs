using System.Runtime.InteropServices;
using System.Text;

namespace CardAgent.Pcsc;

/// <summary>SCARD_READERSTATE in macOS's PCSC framework: packed, 4-byte DWORDs, 33 ATR bytes; 61 bytes.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal unsafe struct MacReaderState : INativeReaderState
{
    public nint Reader;
    public nint UserData;
    public uint CurrentState;
    public uint EventState;
    public uint AtrLength;
    public fixed byte Atr[33];

    readonly uint INativeReaderState.EventState => EventState;

    public void Prepare(nint reader, uint currentState)
    {
        Reader = reader;
        CurrentState = currentState;
    }

    public readonly byte[] CopyAtr()
    {
        var atr = new byte[(int)Math.Min(AtrLength, 33u)];
        for (var i = 0; i < atr.Length; i++)
            atr[i] = Atr[i];
        return atr;
    }
}

/// <summary>SCARD_IO_REQUEST in macOS's PCSC framework: two 4-byte DWORDs.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct MacIoRequest
{
    public uint Protocol;
    public uint PciLength;
}

/// <summary>macOS's PCSC framework: 32-bit LONG, DWORD and handles, UTF-8 names.</summary>
internal sealed unsafe partial class MacPcscApi : IPcscApi
{
    private const string Library = "/System/Library/Frameworks/PCSC.framework/PCSC";
    private const uint ScopeSystem = 2;
    private const uint Infinite = 0xFFFFFFFF;

    public uint EstablishContext(out nint context)
    {
        int ctx;
        var rc = (uint)SCardEstablishContext(ScopeSystem, 0, 0, &ctx);
        context = ctx;
        return rc;
    }

    public uint ReleaseContext(nint context) => (uint)SCardReleaseContext((int)context);

    public uint ListReaders(nint context, out string[] readers) =>
        NativeReaderStates.ListReaders((byte* buffer, ref int length) =>
        {
            var size = (uint)length;
            var rc = (uint)SCardListReaders((int)context, null, buffer, &size);
            length = (int)size;
            return rc;
        }, out readers);

    public uint GetStatusChange(nint context, int timeoutMs, string[] readers, uint[] current, out ReaderStatus[] states) =>
        NativeReaderStates.GetStatusChange<MacReaderState>(readers, current, utf16: false,
            (states, count) => (uint)SCardGetStatusChange((int)context, timeoutMs < 0 ? Infinite : (uint)timeoutMs, states, (uint)count), out states);

    public uint Cancel(nint context) => (uint)SCardCancel((int)context);

    public uint Connect(nint context, string reader, ShareMode share, CardProtocol preferred, out nint card, out CardProtocol active)
    {
        int handle;
        uint protocol;
        var rc = (uint)SCardConnect((int)context, reader, (uint)share, (uint)preferred, &handle, &protocol);
        card = handle;
        active = (CardProtocol)protocol;
        return rc;
    }

    public uint Disconnect(nint card, CardDisposition disposition) => (uint)SCardDisconnect((int)card, (uint)disposition);

    public uint Transmit(nint card, CardProtocol protocol, ReadOnlySpan<byte> command, Span<byte> response, out int responseLength)
    {
        var pci = new MacIoRequest { Protocol = (uint)protocol, PciLength = (uint)sizeof(MacIoRequest) };
        var length = (uint)response.Length;
        uint rc;
        fixed (byte* send = command)
        fixed (byte* receive = response)
            rc = (uint)SCardTransmit((int)card, &pci, send, (uint)command.Length, null, receive, &length);
        responseLength = (int)length;
        return rc;
    }

    [LibraryImport(Library)]
    private static partial int SCardEstablishContext(uint scope, nint reserved1, nint reserved2, int* context);

    [LibraryImport(Library)]
    private static partial int SCardReleaseContext(int context);

    [LibraryImport(Library)]
    private static partial int SCardListReaders(int context, byte* groups, byte* readers, uint* length);

    [LibraryImport(Library)]
    private static partial int SCardGetStatusChange(int context, uint timeout, MacReaderState* states, uint count);

    [LibraryImport(Library)]
    private static partial int SCardCancel(int context);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SCardConnect(int context, string reader, uint shareMode, uint preferredProtocols, int* card, uint* activeProtocol);

    [LibraryImport(Library)]
    private static partial int SCardDisconnect(int card, uint disposition);

    [LibraryImport(Library)]
    private static partial int SCardTransmit(int card, MacIoRequest* sendPci, byte* send, uint sendLength, MacIoRequest* receivePci, byte* receive, uint* receiveLength);
}
