using System.Runtime.InteropServices;
using System.Text;

namespace CardAgent.Pcsc;

/// <summary>
/// SCARD_READERSTATE as pcsc-lite lays it out on Linux: DWORD is C <c>unsigned long</c>, so 8 bytes on
/// 64-bit; 33 ATR bytes; 80 bytes in all on x86-64 and arm64.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PcscLiteReaderState : INativeReaderState
{
    public nint Reader;
    public nint UserData;
    public nuint CurrentState;
    public nuint EventState;
    public nuint AtrLength;
    public fixed byte Atr[33];

    readonly uint INativeReaderState.EventState => (uint)EventState;

    public void Prepare(nint reader, uint currentState)
    {
        Reader = reader;
        CurrentState = currentState;
    }

    public readonly byte[] CopyAtr()
    {
        var atr = new byte[(int)Math.Min(AtrLength, 33)];
        for (var i = 0; i < atr.Length; i++)
            atr[i] = Atr[i];
        return atr;
    }
}

/// <summary>SCARD_IO_REQUEST for pcsc-lite: two DWORDs (unsigned long).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PcscLiteIoRequest
{
    public nuint Protocol;
    public nuint PciLength;
}

/// <summary>pcsc-lite (<c>libpcsclite.so.1</c>): LONG and DWORD are C longs, names are UTF-8.</summary>
internal sealed unsafe partial class PcscLiteApi : IPcscApi
{
    private const string Library = "libpcsclite.so.1";
    private const nuint ScopeSystem = 2;

    public uint EstablishContext(out nint context)
    {
        nint ctx;
        var rc = SCardEstablishContext(ScopeSystem, 0, 0, &ctx);
        context = ctx;
        return (uint)rc;
    }

    public uint ReleaseContext(nint context) => (uint)SCardReleaseContext(context);

    public uint ListReaders(nint context, out string[] readers) =>
        NativeReaderStates.ListReaders((byte* buffer, ref int length) =>
        {
            var size = (nuint)length;
            var rc = (uint)SCardListReaders(context, 0, buffer, &size);
            length = (int)size;
            return rc;
        }, out readers);

    public uint GetStatusChange(nint context, int timeoutMs, string[] readers, uint[] current, out ReaderStatus[] states) =>
        NativeReaderStates.GetStatusChange<PcscLiteReaderState>(readers, current, utf16: false,
            (states, count) => (uint)SCardGetStatusChange(context, timeoutMs < 0 ? nuint.MaxValue : (nuint)timeoutMs, states, (nuint)count), out states);

    public uint Cancel(nint context) => (uint)SCardCancel(context);

    public uint Connect(nint context, string reader, ShareMode share, CardProtocol preferred, out nint card, out CardProtocol active)
    {
        nint handle;
        nuint protocol;
        var rc = (uint)SCardConnect(context, reader, (nuint)share, (nuint)preferred, &handle, &protocol);
        card = handle;
        active = (CardProtocol)(uint)protocol;
        return rc;
    }

    public uint Disconnect(nint card, CardDisposition disposition) => (uint)SCardDisconnect(card, (nuint)disposition);

    public uint Transmit(nint card, CardProtocol protocol, ReadOnlySpan<byte> command, Span<byte> response, out int responseLength)
    {
        var pci = new PcscLiteIoRequest { Protocol = (nuint)protocol, PciLength = (nuint)sizeof(PcscLiteIoRequest) };
        nuint length = (nuint)response.Length;
        uint rc;
        fixed (byte* send = command)
        fixed (byte* receive = response)
            rc = (uint)SCardTransmit(card, &pci, send, (nuint)command.Length, null, receive, &length);
        responseLength = (int)length;
        return rc;
    }

    [LibraryImport(Library)]
    private static partial nint SCardEstablishContext(nuint scope, nint reserved1, nint reserved2, nint* context);

    [LibraryImport(Library)]
    private static partial nint SCardReleaseContext(nint context);

    [LibraryImport(Library)]
    private static partial nint SCardListReaders(nint context, nint groups, byte* readers, nuint* length);

    [LibraryImport(Library)]
    private static partial nint SCardGetStatusChange(nint context, nuint timeout, PcscLiteReaderState* states, nuint count);

    [LibraryImport(Library)]
    private static partial nint SCardCancel(nint context);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint SCardConnect(nint context, string reader, nuint shareMode, nuint preferredProtocols, nint* card, nuint* activeProtocol);

    [LibraryImport(Library)]
    private static partial nint SCardDisconnect(nint card, nuint disposition);

    [LibraryImport(Library)]
    private static partial nint SCardTransmit(nint card, PcscLiteIoRequest* sendPci, byte* send, nuint sendLength, PcscLiteIoRequest* receivePci, byte* receive, nuint* receiveLength);
}
