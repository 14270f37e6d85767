namespace EventStore.Grpc.Access;

/// <summary>Who is calling (a configured user, or anonymous) and what they may do on this call.</summary>
public sealed record KurrentCaller(string Name, KurrentRole Role, bool WritesAllowed, StreamScope Streams)
{
    public bool CanRead => Role >= KurrentRole.Reader;

    /// <summary>Writes need both the writer role and <c>EventStore:Grpc:AllowWrites</c>: the endpoint is read-only by default.</summary>
    public bool CanWrite => WritesAllowed && Role == KurrentRole.Writer;

    public bool MayRead(string streamId) => CanRead && Streams.Allows(streamId);

    public bool MayWrite(string streamId) => CanWrite && Streams.Allows(streamId);
}
