using System.Runtime.InteropServices;
using CardAgent.Cards;

namespace CardAgent.Pcsc;

/// <summary>An SCARDHANDLE: a connection to the card in one reader; raw APDUs go through SCardTransmit.</summary>
public sealed class PcscCard : SafeHandle, IApduLink
{
    // A short APDU answer is at most 256 data bytes + SW; leave room for readers that pass extended ones.
    private const int ReceiveBufferSize = 258 + 4096;

    private readonly IPcscApi api;
    private readonly byte[] receiveBuffer = new byte[ReceiveBufferSize];

    internal PcscCard(IPcscApi api, nint card, CardProtocol protocol) : base(0, ownsHandle: true)
    {
        this.api = api;
        Protocol = protocol;
        SetHandle(card);
    }

    /// <summary>The protocol the card and reader agreed on.</summary>
    public CardProtocol Protocol { get; }

    /// <summary>What to do with the card when the handle is released (Leave unless set otherwise).</summary>
    public CardDisposition Disposition { get; set; } = CardDisposition.Leave;

    public override bool IsInvalid => handle == 0;

    /// <inheritdoc />
    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        PcscContext.Check("SCardTransmit", api.Transmit(handle, Protocol, command, receiveBuffer, out var length));
        // vpcd (and some readers) report success with no bytes when the card vanished mid-command.
        if (length < 2)
            throw new PcscException("SCardTransmit", PcscCodes.CommDataLost);
        var response = receiveBuffer.AsSpan(0, length).ToArray();
        // The buffer may hold a signature or certificate bytes; nothing secret, but keep it clean anyway.
        receiveBuffer.AsSpan(0, length).Clear();
        return response;
    }

    protected override bool ReleaseHandle() => api.Disconnect(handle, Disposition) == PcscCodes.Success;
}
