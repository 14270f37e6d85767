namespace Cluster.Tests.Harness;

/// <summary>Valid national IDs for made-up handlers (the check digit computed as the household registration rules say).</summary>
public static class NationalIds
{
    private const string Letters = "ABCDEFGHJKLMNPQRSTUVXYWZIO";

    /// <summary>A valid ID with letter F, sex digit 1 and <paramref name="number"/> (0–9,999,999) as its serial part.</summary>
    public static string Make(int number)
    {
        var body = $"1{number:0000000}";
        var letter = Letters.IndexOf('F', StringComparison.Ordinal) + 10;
        var sum = letter / 10 + letter % 10 * 9;
        for (var i = 0; i < 8; i++)
            sum += (body[i] - '0') * (8 - i);
        return $"F{body}{(10 - sum % 10) % 10}";
    }
}
