namespace CardAgent.Cards;

/// <summary>Moves raw APDU bytes to a card and back: a PC/SC card handle, or the in-process emulator.</summary>
public interface IApduLink
{
    /// <summary>Sends one raw command APDU and returns the raw response (data + SW1 SW2).</summary>
    byte[] Transmit(ReadOnlySpan<byte> command);
}

/// <summary>Exchanges whole commands with a card; hides T=0 style 61xx/6Cxx answers and command chaining.</summary>
public interface ICardChannel
{
    /// <summary>Sends a command (chained when its data exceeds 255 bytes) and returns the complete response.</summary>
    ResponseApdu Transmit(CommandApdu command);
}
