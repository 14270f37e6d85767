namespace CardAgent.Cards;

/// <summary>ATRs as API v1 and the card images write them: upper-case hex pairs separated by spaces.</summary>
public static class AtrText
{
    public static string Format(ReadOnlySpan<byte> atr)
    {
        var hex = Convert.ToHexString(atr);
        return string.Join(' ', Enumerable.Range(0, atr.Length).Select(i => hex.Substring(2 * i, 2)));
    }
}
