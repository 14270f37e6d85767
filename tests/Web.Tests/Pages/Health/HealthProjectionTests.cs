using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EventStore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ReadModels.Projections;
using Web.Tests.Authentication;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Health;

/// <summary>The app with one extra, controllable projection registered the way features register theirs.</summary>
public sealed class GatedProjectionWebAppFactory : WebAppFactory
{
    public GatedProjection Projection { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The very instance the test controls (AddProjection<T> would construct its own).
        builder.ConfigureTestServices(services => services.AddSingleton<IProjection>(Projection));
    }
}

public class HealthProjectionTests(GatedProjectionWebAppFactory factory) : IClassFixture<GatedProjectionWebAppFactory>
{
    private async Task<(HttpStatusCode Status, JsonElement Body)> HealthJsonAsync(HttpClient client, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health" + query);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    private async Task AppendAsync(string type)
    {
        var store = factory.Services.GetRequiredService<IEventStore>();
        await store.AppendToStreamAsync($"health-{Guid.NewGuid():N}", StreamState.Any,
            [new EventData(Guid.NewGuid(), type, "{}"u8.ToArray(), EventData.EmptyMetadata)]);
    }

    [Fact]
    public async Task A_projection_held_behind_shows_its_lag_and_fails_the_lag_limit_until_it_catches_up()
    {
        var client = await SignInSupport.AdministratorAsync(factory);
        await AppendAsync("HealthProbe.v1");
        await AppendAsync(GatedProjection.HoldType);
        await AppendAsync("HealthProbe.v1");

        var (status, behind) = await HealthJsonAsync(client, "?maxLag=0");
        var projection = behind.GetProperty("projections").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "health-test-counter");

        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        behind.GetProperty("status").GetString().ShouldBe("behind");
        projection.GetProperty("lag").GetInt64().ShouldBeGreaterThanOrEqualTo(2);
        (projection.GetProperty("checkpoint").GetInt64() + projection.GetProperty("lag").GetInt64()).ShouldBe(behind.GetProperty("storeHead").GetInt64());

        factory.Projection.Open();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement caughtUp;
        do
        {
            await Task.Delay(50);
            (status, caughtUp) = await HealthJsonAsync(client, "?maxLag=0");
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);

        status.ShouldBe(HttpStatusCode.OK);
        var done = caughtUp.GetProperty("projections").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "health-test-counter");
        done.GetProperty("lag").GetInt64().ShouldBe(0);
        done.GetProperty("checkpoint").GetInt64().ShouldBe(caughtUp.GetProperty("storeHead").GetInt64());

        using var page = await client.GetAsync("/health");
        var html = await Html.ParseAsync(page);
        html.QuerySelector("[data-testid=lag-health-test-counter]")!.TextContent.ShouldBe("0");
        html.QuerySelector("[data-testid=checkpoint-health-test-counter]")!.TextContent.ShouldBe(done.GetProperty("checkpoint").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
