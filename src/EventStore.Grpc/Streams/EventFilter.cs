using System.Text.RegularExpressions;
using EventStore.Kurrent.Protocol;
using FilterOptions = EventStore.Kurrent.Protocol.ReadReq.Types.Options.Types.FilterOptions;

namespace EventStore.Grpc.Streams;

/// <summary>
/// A <c>$all</c> filter from a read or subscription: stream name or event type, by prefixes or a regular expression.
/// Filtered subscriptions send a checkpoint every <see cref="CheckpointInterval"/> events searched, so a client can
/// resume without re-searching a long stretch of events that did not match.
/// </summary>
internal sealed class EventFilter
{
    /// <summary>The search window when the client leaves it to the server.</summary>
    private const int DefaultWindow = 32;

    private readonly bool _onStreamName;
    private readonly string[] _prefixes;
    private readonly Regex? _regex;

    private EventFilter(bool onStreamName, string[] prefixes, Regex? regex, int checkpointInterval)
    {
        _onStreamName = onStreamName;
        _prefixes = prefixes;
        _regex = regex;
        CheckpointInterval = checkpointInterval;
    }

    public int CheckpointInterval { get; }

    /// <summary>The filter a request asks for, or null; a malformed regular expression is the caller's error.</summary>
    public static EventFilter? From(ReadReq.Types.Options options)
    {
        if (options.FilterOptionCase != ReadReq.Types.Options.FilterOptionOneofCase.Filter)
            return null;
        var filter = options.Filter;
        var (onStreamName, expression) = filter.FilterCase switch
        {
            FilterOptions.FilterOneofCase.StreamIdentifier => (true, filter.StreamIdentifier),
            FilterOptions.FilterOneofCase.EventType => (false, filter.EventType),
            _ => throw ProtocolErrors.InvalidArgument("a filter names a stream or an event type expression"),
        };
        Regex? regex = null;
        if (expression.Prefix.Count == 0 && !string.IsNullOrEmpty(expression.Regex))
        {
            try
            {
                // Non-backtracking: a client's expression cannot make the server spin.
                regex = new Regex(expression.Regex, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                throw ProtocolErrors.InvalidArgument($"the filter's regular expression is not valid: {e.Message}");
            }
        }

        var window = filter.WindowCase == FilterOptions.WindowOneofCase.Max && filter.Max > 0 ? (int)Math.Min(filter.Max, 100_000) : DefaultWindow;
        var multiplier = (int)Math.Clamp(filter.CheckpointIntervalMultiplier, 1, 10_000);
        return new EventFilter(onStreamName, [.. expression.Prefix], regex, (int)Math.Min((long)window * multiplier, int.MaxValue));
    }

    public bool Matches(RecordedEvent e)
    {
        var subject = _onStreamName ? e.StreamId : e.Type;
        if (_prefixes.Length > 0)
            return _prefixes.Any(p => subject.StartsWith(p, StringComparison.Ordinal));
        return _regex?.IsMatch(subject) ?? true;
    }
}
