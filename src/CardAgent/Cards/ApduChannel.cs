namespace CardAgent.Cards;

/// <summary>
/// The ISO 7816-4 transport rules over a raw link: command chaining for data over 255 bytes,
/// 6Cxx (resend with the Le the card names) and 61xx (collect the rest with GET RESPONSE).
/// </summary>
public sealed class ApduChannel(IApduLink link) : ICardChannel
{
    private const byte ChainingBit = 0x10;
    private const byte GetResponseIns = 0xC0;

    // A card that keeps asking for another GET RESPONSE or another Le is broken; stop rather than loop.
    private const int MaxResponseRounds = 64;

    /// <inheritdoc />
    public ResponseApdu Transmit(CommandApdu command)
    {
        var data = command.Data;
        var offset = 0;
        while (data.Length - offset > CommandApdu.MaxShortData)
        {
            var block = command with { Cla = (byte)(command.Cla | ChainingBit), Data = data[offset..(offset + CommandApdu.MaxShortData)], Le = null };
            var intermediate = ResponseApdu.Parse(link.Transmit(block.ToBytes()));
            if (!intermediate.IsSuccess)
                return intermediate;
            offset += CommandApdu.MaxShortData;
        }
        var last = offset == 0 ? command : command with { Data = data[offset..] };
        return Exchange(last);
    }

    private ResponseApdu Exchange(CommandApdu command)
    {
        var response = ResponseApdu.Parse(link.Transmit(command.ToBytes()));
        for (var round = 0; round < MaxResponseRounds; round++)
        {
            if (response.Sw1 == 0x6C)
            {
                // Wrong Le: the same command again with the length the card asked for.
                response = ResponseApdu.Parse(link.Transmit((command with { Le = response.Sw2 == 0 ? 256 : response.Sw2 }).ToBytes()));
                continue;
            }
            if (response.Sw1 != 0x61)
                return response;
            var collected = new List<byte>(response.Data);
            while (response.Sw1 == 0x61)
            {
                if (++round >= MaxResponseRounds)
                    throw new CardProtocolException("the card never stopped answering 61xx");
                var getResponse = new CommandApdu((byte)(command.Cla & ~ChainingBit), GetResponseIns, 0, 0, [], response.Sw2 == 0 ? 256 : response.Sw2);
                response = ResponseApdu.Parse(link.Transmit(getResponse.ToBytes()));
                collected.AddRange(response.Data);
            }
            return new ResponseApdu([.. collected], response.StatusWord);
        }
        throw new CardProtocolException("the card never settled on a response length (6Cxx loop)");
    }
}
