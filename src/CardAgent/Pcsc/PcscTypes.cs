namespace CardAgent.Pcsc;

/// <summary>SCardGetStatusChange reader state bits (the same values in pcsc-lite, WinSCard and macOS).</summary>
[Flags]
public enum ReaderStates : uint
{
    Unaware = 0x0000,
    Ignore = 0x0001,
    Changed = 0x0002,
    Unknown = 0x0004,
    Unavailable = 0x0008,
    Empty = 0x0010,
    Present = 0x0020,
    AtrMatch = 0x0040,
    Exclusive = 0x0080,
    InUse = 0x0100,
    Mute = 0x0200,
    Unpowered = 0x0400,
}

/// <summary>What happens to the card when a handle is released.</summary>
public enum CardDisposition : uint
{
    Leave = 0,
    Reset = 1,
    Unpower = 2,
}

/// <summary>SCardConnect share modes.</summary>
public enum ShareMode : uint
{
    Exclusive = 1,
    Shared = 2,
}

/// <summary>Transmission protocols (T=0, T=1).</summary>
[Flags]
public enum CardProtocol : uint
{
    None = 0,
    T0 = 1,
    T1 = 2,
}

/// <summary>One reader as SCardGetStatusChange reports it: state bits, ATR and the card-event counter.</summary>
/// <param name="Name">Reader name as PC/SC spells it.</param>
/// <param name="State">Event state bits (the low 16 bits).</param>
/// <param name="EventCount">Insertions and removals so far (the high 16 bits pcsc-lite and WinSCard keep).</param>
/// <param name="Atr">The card's ATR, empty when no card.</param>
public sealed record ReaderStatus(string Name, ReaderStates State, int EventCount, byte[] Atr)
{
    public bool CardPresent => State.HasFlag(ReaderStates.Present) && !State.HasFlag(ReaderStates.Mute);

    /// <summary>The full dwEventState to pass back as dwCurrentState when waiting for the next change.</summary>
    public uint RawState => (uint)EventCount << 16 | (uint)State;
}

/// <summary>PC/SC return codes the agent tells apart (SCARD_E_* / SCARD_W_*).</summary>
public static class PcscCodes
{
    public const uint Success = 0;
    public const uint Cancelled = 0x80100002;
    public const uint InvalidHandle = 0x80100003;
    public const uint InsufficientBuffer = 0x80100008;
    public const uint UnknownReader = 0x80100009;
    public const uint Timeout = 0x8010000A;
    public const uint SharingViolation = 0x8010000B;
    public const uint NoSmartcard = 0x8010000C;
    public const uint ProtocolMismatch = 0x8010000F;
    public const uint NotReady = 0x80100010;
    public const uint CommError = 0x80100013;
    public const uint NotTransacted = 0x80100016;
    public const uint ReaderUnavailable = 0x80100017;
    public const uint NoService = 0x8010001D;
    public const uint ServiceStopped = 0x8010001E;
    public const uint NoReadersAvailable = 0x8010002E;
    public const uint CommDataLost = 0x8010002F;
    public const uint UnsupportedCard = 0x80100065;
    public const uint UnresponsiveCard = 0x80100066;
    public const uint UnpoweredCard = 0x80100067;
    public const uint ResetCard = 0x80100068;
    public const uint RemovedCard = 0x80100069;
}

/// <summary>A PC/SC call failed; <see cref="Code"/> is the SCARD_* value.</summary>
public sealed class PcscException(string function, uint code)
    : Exception($"{function} failed: 0x{code:X8} ({PcscException.Describe(code)})")
{
    public uint Code { get; } = code;

    /// <summary>The card went away (or was reset under us) during the call.</summary>
    public bool CardGone => Code is PcscCodes.RemovedCard or PcscCodes.NoSmartcard or PcscCodes.ResetCard
        or PcscCodes.UnpoweredCard or PcscCodes.UnresponsiveCard or PcscCodes.CommError or PcscCodes.NotTransacted
        or PcscCodes.CommDataLost or PcscCodes.ReaderUnavailable or PcscCodes.InvalidHandle;

    /// <summary>The PC/SC service is not running or went away.</summary>
    public bool ServiceDown => Code is PcscCodes.NoService or PcscCodes.ServiceStopped;

    public static string Describe(uint code) => code switch
    {
        PcscCodes.Cancelled => "cancelled",
        PcscCodes.InvalidHandle => "invalid handle",
        PcscCodes.UnknownReader => "unknown reader",
        PcscCodes.Timeout => "timeout",
        PcscCodes.SharingViolation => "sharing violation",
        PcscCodes.NoSmartcard => "no smart card",
        PcscCodes.ProtocolMismatch => "protocol mismatch",
        PcscCodes.CommError => "communication error",
        PcscCodes.NotTransacted => "not transacted",
        PcscCodes.ReaderUnavailable => "reader unavailable",
        PcscCodes.NoService => "service not running",
        PcscCodes.ServiceStopped => "service stopped",
        PcscCodes.NoReadersAvailable => "no readers",
        PcscCodes.UnresponsiveCard => "unresponsive card",
        PcscCodes.UnpoweredCard => "unpowered card",
        PcscCodes.ResetCard => "card reset",
        PcscCodes.RemovedCard => "card removed",
        _ => "other",
    };
}
