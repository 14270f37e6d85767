using System.Runtime.InteropServices;

namespace CardAgent.Pcsc;

/// <summary>SCARD_READERSTATEW on Windows: 4-byte DWORDs and a 36-byte ATR buffer; 64 bytes on x64.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WinScardReaderState : INativeReaderState
{
    public nint Reader;
    public nint UserData;
    public uint CurrentState;
    public uint EventState;
    public uint AtrLength;
    public fixed byte Atr[36];

    readonly uint INativeReaderState.EventState => EventState;

    public void Prepare(nint reader, uint currentState)
    {
        Reader = reader;
        CurrentState = currentState;
    }

    public readonly byte[] CopyAtr()
    {
        var atr = new byte[(int)Math.Min(AtrLength, 36u)];
        for (var i = 0; i < atr.Length; i++)
            atr[i] = Atr[i];
        return atr;
    }
}

/// <summary>SCARD_IO_REQUEST on Windows: two 4-byte DWORDs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WinScardIoRequest
{
    public uint Protocol;
    public uint PciLength;
}

/// <summary>WinSCard (<c>winscard.dll</c>): LONG and DWORD are 32-bit, handles pointer-sized, names UTF-16.</summary>
internal sealed unsafe partial class WinScardApi : IPcscApi
{
    private const string Library = "winscard.dll";
    private const uint ScopeSystem = 2;
    private const uint Infinite = 0xFFFFFFFF;

    public uint EstablishContext(out nint context)
    {
        nint ctx;
        var rc = (uint)SCardEstablishContext(ScopeSystem, 0, 0, &ctx);
        context = ctx;
        return rc;
    }

    public uint ReleaseContext(nint context) => (uint)SCardReleaseContext(context);

    public uint ListReaders(nint context, out string[] readers) =>
        NativeReaderStates.ListReaders((char* buffer, ref int length) =>
        {
            var size = (uint)length;
            var rc = (uint)SCardListReadersW(context, null, buffer, &size);
            length = (int)size;
            return rc;
        }, out readers);

    public uint GetStatusChange(nint context, int timeoutMs, string[] readers, uint[] current, out ReaderStatus[] states) =>
        NativeReaderStates.GetStatusChange<WinScardReaderState>(readers, current, utf16: true,
            (states, count) => (uint)SCardGetStatusChangeW(context, timeoutMs < 0 ? Infinite : (uint)timeoutMs, states, (uint)count), out states);

    public uint Cancel(nint context) => (uint)SCardCancel(context);

    public uint Connect(nint context, string reader, ShareMode share, CardProtocol preferred, out nint card, out CardProtocol active)
    {
        nint handle;
        uint protocol;
        var rc = (uint)SCardConnectW(context, reader, (uint)share, (uint)preferred, &handle, &protocol);
        card = handle;
        active = (CardProtocol)protocol;
        return rc;
    }

    public uint Disconnect(nint card, CardDisposition disposition) => (uint)SCardDisconnect(card, (uint)disposition);

    public uint Transmit(nint card, CardProtocol protocol, ReadOnlySpan<byte> command, Span<byte> response, out int responseLength)
    {
        var pci = new WinScardIoRequest { Protocol = (uint)protocol, PciLength = (uint)sizeof(WinScardIoRequest) };
        var length = (uint)response.Length;
        uint rc;
        fixed (byte* send = command)
        fixed (byte* receive = response)
            rc = (uint)SCardTransmit(card, &pci, send, (uint)command.Length, null, receive, &length);
        responseLength = (int)length;
        return rc;
    }

    [LibraryImport(Library)]
    private static partial int SCardEstablishContext(uint scope, nint reserved1, nint reserved2, nint* context);

    [LibraryImport(Library)]
    private static partial int SCardReleaseContext(nint context);

    [LibraryImport(Library)]
    private static partial int SCardListReadersW(nint context, char* groups, char* readers, uint* length);

    [LibraryImport(Library)]
    private static partial int SCardGetStatusChangeW(nint context, uint timeout, WinScardReaderState* states, uint count);

    [LibraryImport(Library)]
    private static partial int SCardCancel(nint context);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf16)]
    private static partial int SCardConnectW(nint context, string reader, uint shareMode, uint preferredProtocols, nint* card, uint* activeProtocol);

    [LibraryImport(Library)]
    private static partial int SCardDisconnect(nint card, uint disposition);

    [LibraryImport(Library)]
    private static partial int SCardTransmit(nint card, WinScardIoRequest* sendPci, byte* send, uint sendLength, WinScardIoRequest* receivePci, byte* receive, uint* receiveLength);
}
