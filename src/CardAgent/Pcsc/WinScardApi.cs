using System.Runtime.InteropServices;

namespace CardAgent.Pcsc;

/// <summary>SCARD_READERSTATEW on Windows: 4-byte DWORDs and a 36-byte ATR buffer; 64 bytes on x64.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WinScardReaderState
{
    public nint Reader;
    public nint UserData;
    public uint CurrentState;
    public uint EventState;
    public uint AtrLength;
    public fixed byte Atr[36];
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

    public uint ListReaders(nint context, out string[] readers)
    {
        readers = [];
        uint length = 0;
        var rc = (uint)SCardListReadersW(context, null, null, &length);
        if (rc == PcscCodes.NoReadersAvailable)
            return PcscCodes.Success;
        if (rc != PcscCodes.Success)
            return rc;
        var buffer = new char[length];
        fixed (char* p = buffer)
            rc = (uint)SCardListReadersW(context, null, p, &length);
        if (rc == PcscCodes.NoReadersAvailable)
            return PcscCodes.Success;
        if (rc == PcscCodes.Success)
            readers = PcscPlatform.SplitMultiString(new string(buffer, 0, (int)length));
        return rc;
    }

    public uint GetStatusChange(nint context, int timeoutMs, string[] readers, uint[] current, out ReaderStatus[] states)
    {
        states = [];
        var native = new WinScardReaderState[readers.Length];
        var names = new nint[readers.Length];
        try
        {
            for (var i = 0; i < readers.Length; i++)
            {
                names[i] = Marshal.StringToCoTaskMemUni(readers[i]);
                native[i].Reader = names[i];
                native[i].CurrentState = current[i];
            }
            uint rc;
            fixed (WinScardReaderState* p = native)
                rc = (uint)SCardGetStatusChangeW(context, timeoutMs < 0 ? Infinite : (uint)timeoutMs, p, (uint)readers.Length);
            if (rc == PcscCodes.Success)
            {
                states = new ReaderStatus[readers.Length];
                for (var i = 0; i < readers.Length; i++)
                {
                    var atrLength = (int)Math.Min(native[i].AtrLength, 36u);
                    var atr = new byte[atrLength];
                    fixed (byte* a = native[i].Atr)
                        new ReadOnlySpan<byte>(a, atrLength).CopyTo(atr);
                    states[i] = new ReaderStatus(readers[i], (ReaderStates)(native[i].EventState & 0xFFFF), (int)(native[i].EventState >> 16), atr);
                }
            }
            return rc;
        }
        finally
        {
            foreach (var name in names)
                Marshal.FreeCoTaskMem(name);
        }
    }

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
