namespace EventStore.Grpc.Access;

/// <summary>
/// The streams a caller may read, as name prefixes (<c>registration-,ecpa-grants-</c>), or every stream (<c>*</c>).
/// Stream reads outside the scope are refused; <c>$all</c> reads and subscriptions leave other streams' events out.
/// </summary>
public sealed class StreamScope
{
    private readonly string[] _prefixes;

    private StreamScope(string[] prefixes) => _prefixes = prefixes;

    public static StreamScope Everything { get; } = new(["*"]);

    public bool IsEverything => _prefixes is ["*"];

    public IReadOnlyList<string> Prefixes => _prefixes;

    /// <summary>A comma-separated list of prefixes; empty or missing means every stream.</summary>
    public static StreamScope Parse(string? value)
    {
        var prefixes = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return prefixes.Length == 0 || prefixes.Contains("*") ? Everything : new StreamScope(prefixes);
    }

    public bool Allows(string streamId) => IsEverything || _prefixes.Any(p => streamId.StartsWith(p, StringComparison.Ordinal));

    public override string ToString() => string.Join(',', _prefixes);
}
