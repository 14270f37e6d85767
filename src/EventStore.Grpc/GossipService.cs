using EventStore.Kurrent;
using EventStore.Kurrent.Protocol;
using Grpc.Core;

namespace EventStore.Grpc;

/// <summary>
/// Cluster gossip as a single node: one member, alive and always the leader, at the address the caller reached us on,
/// so clients that discover a cluster (<c>kurrentdb+discover://</c>, or several hosts) settle on this node.
/// </summary>
public sealed class GossipService(TimeProvider clock) : Gossip.GossipBase
{
    private readonly Guid _instanceId = Guid.NewGuid();

    public override Task<ClusterInfo> Read(Empty request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (host, port) = Reached(context);
        var member = new MemberInfo
        {
            InstanceId = KurrentProtocol.Uuid(_instanceId, structured: false),
            TimeStamp = clock.GetUtcNow().UtcTicks,
            State = MemberInfo.Types.VNodeState.Leader,
            IsAlive = true,
            HttpEndPoint = new EndPoint { Address = host, Port = port },
        };
        return Task.FromResult(new ClusterInfo { Members = { member } });
    }

    /// <summary>The host and port from the request's authority (":authority" / Host), which is what the client dialled.</summary>
    private static (string Host, uint Port) Reached(ServerCallContext context)
    {
        var authority = context.Host ?? "";
        var colon = authority.LastIndexOf(':');
        if (colon > 0 && uint.TryParse(authority.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
            return (authority[..colon].Trim('[', ']'), port);
        var local = context.GetHttpContext().Connection;
        return (local.LocalIpAddress?.ToString() ?? "127.0.0.1", (uint)local.LocalPort);
    }
}
