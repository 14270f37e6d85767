namespace CardAgent.Pcsc;

/// <summary>
/// The PC/SC functions the agent needs, with one implementation per platform because the native
/// types differ: pcsc-lite on 64-bit Linux uses 8-byte DWORDs, WinSCard 4-byte ones and UTF-16
/// names, macOS's framework 4-byte DWORDs in packed structs. Every method returns the SCARD code.
/// </summary>
internal interface IPcscApi
{
    uint EstablishContext(out nint context);

    uint ReleaseContext(nint context);

    /// <summary>Reader names; an empty list (not an error) when there are none.</summary>
    uint ListReaders(nint context, out string[] readers);

    /// <summary>Fills each state's event bits and ATR; <paramref name="current"/> holds what the caller last saw.</summary>
    uint GetStatusChange(nint context, int timeoutMs, string[] readers, uint[] current, out ReaderStatus[] states);

    uint Cancel(nint context);

    uint Connect(nint context, string reader, ShareMode share, CardProtocol preferred, out nint card, out CardProtocol active);

    uint Disconnect(nint card, CardDisposition disposition);

    uint Transmit(nint card, CardProtocol protocol, ReadOnlySpan<byte> command, Span<byte> response, out int responseLength);
}

/// <summary>Picks the platform's PC/SC implementation once.</summary>
internal static class PcscPlatform
{
    public static IPcscApi Current { get; } =
        OperatingSystem.IsWindows() ? new WinScardApi()
        : OperatingSystem.IsMacOS() ? new MacPcscApi()
        : new PcscLiteApi();

    /// <summary>SCardGetStatusChange's "infinite" timeout.</summary>
    public const int Infinite = -1;
}
