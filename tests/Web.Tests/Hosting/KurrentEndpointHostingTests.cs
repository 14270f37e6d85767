using System.Text;
using EventStore;
using EventStore.Kurrent;
using Microsoft.Extensions.DependencyInjection;
using Web.Tests.TestSupport;

namespace Web.Tests.Hosting;

/// <summary>The KurrentDB-compatible endpoint inside the web app: off unless configured, read-only when on.</summary>
public sealed class KurrentEndpointHostingTests
{
    private sealed class EndpointEnabled : WebAppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [KeyValuePair.Create<string, string?>("EventStore:Grpc:Enabled", "true")];
    }

    private static EventData Event() => new(Guid.CreateVersion7(), "HostingChecked.v1", Encoding.UTF8.GetBytes("""{"n":1}"""), EventData.EmptyMetadata);

    [Fact]
    public async Task With_EventStore_Grpc_Enabled_a_KurrentDB_client_reads_the_apps_store_and_cannot_write()
    {
        await using var factory = new EndpointEnabled();
        var stream = $"hosting-{Guid.NewGuid():N}";
        await factory.Services.GetRequiredService<IEventStore>().AppendToStreamAsync(stream, StreamState.NoStream, [Event()]);
        await using var client = new KurrentDbEventStore("kurrentdb://localhost:2113?tls=false", factory.Server.CreateHandler());

        var read = await client.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10);

        read.Events.ShouldHaveSingleItem().Type.ShouldBe("HostingChecked.v1");
        await Should.ThrowAsync<UnauthorizedAccessException>(() => client.AppendToStreamAsync(stream, StreamState.Any, [Event()]));
    }

    [Fact]
    public async Task Without_the_setting_the_web_app_serves_no_gRPC()
    {
        await using var factory = new WebAppFactory();
        await using var client = new KurrentDbEventStore("kurrentdb://localhost:2113?tls=false", factory.Server.CreateHandler());

        var refused = await Should.ThrowAsync<Grpc.Core.RpcException>(() => client.ReadHeadPositionAsync());

        // The web app answered as a web app (an HTTP error page), not as a gRPC service.
        refused.StatusCode.ShouldBe(Grpc.Core.StatusCode.Unknown);
        refused.Status.Detail.ShouldStartWith("Bad gRPC response. HTTP status code:");
    }
}
