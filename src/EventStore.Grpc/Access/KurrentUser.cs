namespace EventStore.Grpc.Access;

/// <summary>What a caller may do: nothing, read (within its streams), or also write when the endpoint allows writes.</summary>
public enum KurrentRole
{
    None,
    Reader,
    Writer,
}

/// <summary>A configured account: its name, password hash (<see cref="PasswordHash"/>), role and the streams it may read.</summary>
public sealed record KurrentUser(string Name, string PasswordHash, KurrentRole Role, StreamScope Streams);
