using EventStore.Kurrent;
using EventStore.Kurrent.Protocol;
using Grpc.Core;

namespace EventStore.Grpc;

/// <summary>
/// What the official clients ask first: the methods we serve. Listing BatchAppend makes them append through it;
/// the read features say reads and subscriptions may carry positions and events as KurrentDB's do.
/// </summary>
public sealed class ServerFeaturesService : ServerFeatures.ServerFeaturesBase
{
    private static readonly SupportedMethods Supported = Build();

    public override Task<SupportedMethods> GetSupportedMethods(Empty request, ServerCallContext context) => Task.FromResult(Supported);

    private static SupportedMethods Build()
    {
        const string streams = "event_store.client.streams.streams";
        var methods = new SupportedMethods { EventStoreServerVersion = KurrentProtocol.ServerVersion };
        methods.Methods.Add(new SupportedMethod { ServiceName = streams, MethodName = "read", Features = { "position", "events" } });
        methods.Methods.Add(new SupportedMethod { ServiceName = streams, MethodName = "append" });
        methods.Methods.Add(new SupportedMethod { ServiceName = streams, MethodName = "batchappend" });
        methods.Methods.Add(new SupportedMethod { ServiceName = streams, MethodName = "delete" });
        methods.Methods.Add(new SupportedMethod { ServiceName = streams, MethodName = "tombstone" });
        methods.Methods.Add(new SupportedMethod { ServiceName = "event_store.client.gossip.gossip", MethodName = "read" });
        methods.Methods.Add(new SupportedMethod { ServiceName = "event_store.client.server_features.serverfeatures", MethodName = "getsupportedmethods" });
        return methods;
    }
}
