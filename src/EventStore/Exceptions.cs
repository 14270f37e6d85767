namespace EventStore;

/// <summary>The stream was not in the state an append or delete expected; carries both.</summary>
public sealed class WrongExpectedVersionException : Exception
{
    public WrongExpectedVersionException(string streamId, StreamState expected, StreamRevision? actualRevision, bool actualExists)
        : base($"Append to '{streamId}' expected {expected} but the stream {(actualExists ? $"is at revision {actualRevision}" : actualRevision is { } r ? $"has no live events (last revision {r})" : "does not exist")}.")
    {
        StreamId = streamId;
        Expected = expected;
        ActualRevision = actualRevision;
        ActualExists = actualExists;
    }

    public string StreamId { get; }

    public StreamState Expected { get; }

    /// <summary>The stream's last revision, null when it never had events.</summary>
    public StreamRevision? ActualRevision { get; }

    /// <summary>False when the stream has no events or was soft-deleted.</summary>
    public bool ActualExists { get; }

    /// <summary>The stream's actual state in the same vocabulary as the expectation.</summary>
    public StreamState Actual => ActualExists && ActualRevision is { } r ? StreamState.At(r) : StreamState.NoStream;
}

/// <summary>The stream was tombstoned: it can never be read or written again.</summary>
public sealed class StreamDeletedException(string streamId) : Exception($"Stream '{streamId}' is deleted.")
{
    public string StreamId { get; } = streamId;
}

/// <summary>
/// Some but not all of an append's event ids are already in the stream, or they are there in another order:
/// the caller is reusing ids for different events, which the store refuses rather than guess.
/// </summary>
public sealed class IdempotencyConflictException(string streamId, string detail)
    : Exception($"Append to '{streamId}' partly repeats earlier events: {detail}.")
{
    public string StreamId { get; } = streamId;
}
