using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EventStore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Web.Tests.Authentication;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Health;

public class HealthPageTests(WebAppFactory factory) : IClassFixture<WebAppFactory>
{
    private async Task<long> AppendEventsAsync(int count)
    {
        var store = factory.Services.GetRequiredService<IEventStore>();
        var events = Enumerable.Range(0, count)
            .Select(_ => new EventData(Guid.NewGuid(), "HealthProbe.v1", "{}"u8.ToArray(), EventData.EmptyMetadata))
            .ToArray();
        var result = await store.AppendToStreamAsync($"health-{Guid.NewGuid():N}", StreamState.NoStream, events);
        return result.Position.Value;
    }

    private static HttpRequestMessage JsonRequest(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    [Fact]
    public async Task The_detailed_status_is_for_administrators_only_and_monitors_use_the_anonymous_probes()
    {
        var anonymous = SignInSupport.Client(factory);
        var reviewer = await SignInSupport.SignedInStaffAsync(factory, "health-reviewer", SignInSupport.StaffCard, [Web.Authentication.Roles.Reviewer]);

        using var page = await anonymous.GetAsync("/health?maxLag=5");
        using var json = await anonymous.SendAsync(JsonRequest("/health"));
        using var notAdministrator = await reviewer.GetAsync("/health");
        using var ready = await anonymous.GetAsync("/health/ready");
        using var live = await anonymous.GetAsync("/health/live");
        using var home = await anonymous.GetAsync("/");

        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.PathAndQuery.ShouldBe("/Account/SignIn?returnUrl=%2Fhealth%3FmaxLag%3D5");
        // A monitor gets the status, not a sign-in page, and not one fact of the report.
        json.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var refused = await json.Content.ReadAsStringAsync();
        refused.ShouldNotContain("storeHead");
        refused.ShouldNotContain("crl", Case.Insensitive);
        notAdministrator.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        notAdministrator.Headers.Location!.AbsolutePath.ShouldBe("/Account/AccessDenied");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Html.ParseAsync(home)).QuerySelector("a[href='/health']").ShouldBeNull("the link is in an administrator's menu only");
    }

    [Fact]
    public async Task The_page_shows_the_store_head_in_zh_TW()
    {
        var client = await SignInSupport.AdministratorAsync(factory);
        var head = await AppendEventsAsync(3);

        using var response = await client.GetAsync("/health");
        var page = await Html.ParseAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("h1")!.TextContent.ShouldBe("系統狀態");
        page.QuerySelector("[data-testid=store-head]")!.TextContent.ShouldBe(head.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Vary.ShouldContain("Accept");
    }

    [Fact]
    public async Task The_check_time_is_the_app_clock_in_Taiwan_time_with_the_ROC_year()
    {
        var folder = Path.Combine(Path.GetTempPath(), "evs-web-tests", Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 2, 30, 5, TimeSpan.Zero));   // Friday 10:30:05 in Taiwan
        var onFakeClock = factory.WithWebHostBuilder(b => b
            .UseSetting("EventStore:Sqlite:Path", Path.Combine(folder, "events.db"))
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        try
        {
            using var response = await (await SignInSupport.AdministratorAsync(onFakeClock)).GetAsync("/health");
            var page = await Html.ParseAsync(response);

            var label = page.QuerySelectorAll(".summary-list dt").Single(dt => dt.TextContent == "檢查時間");
            label.NextElementSibling!.TextContent.Trim().ShouldBe("115年11月27日10點30分05秒");
        }
        finally
        {
            await onFakeClock.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Monitors_get_the_same_facts_as_JSON()
    {
        var client = await SignInSupport.AdministratorAsync(factory);
        var head = await AppendEventsAsync(2);

        using var response = await client.SendAsync(JsonRequest("/health"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        json.RootElement.GetProperty("status").GetString().ShouldBe("ok");
        json.RootElement.GetProperty("storeHead").GetInt64().ShouldBeGreaterThanOrEqualTo(head);
        json.RootElement.GetProperty("projections").ValueKind.ShouldBe(JsonValueKind.Array);
    }

    [Fact]
    public async Task A_negative_lag_limit_is_rejected_by_the_query_validator_at_its_field()
    {
        var client = await SignInSupport.AdministratorAsync(factory);

        using var html = await client.GetAsync("/health?maxLag=-1");
        var page = await Html.ParseAsync(html);
        using var json = await client.SendAsync(JsonRequest("/health?maxLag=-1"));
        using var body = JsonDocument.Parse(await json.Content.ReadAsStringAsync());

        page.QuerySelector("[data-valmsg-for=MaxLag]")!.TextContent.ShouldBe("可接受的落後筆數不能是負數。");
        page.QuerySelector("input#MaxLag")!.GetAttribute("aria-invalid").ShouldBe("true");
        page.QuerySelector("[data-testid=store-head]").ShouldBeNull();
        json.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = body.RootElement.GetProperty("errors")[0];
        error.GetProperty("code").GetString().ShouldBe("MAX_LAG_NEGATIVE");
        error.GetProperty("field").GetString().ShouldBe("MaxLag");
    }

    [Fact]
    public async Task A_lag_limit_that_is_not_a_number_gets_a_zh_TW_message()
    {
        using var response = await (await SignInSupport.AdministratorAsync(factory)).GetAsync("/health?maxLag=many");
        var page = await Html.ParseAsync(response);

        page.QuerySelector("[data-valmsg-for=MaxLag]")!.TextContent.ShouldBe("「可接受的落後筆數」的格式不正確。");
    }

    [Fact]
    public async Task With_a_lag_limit_and_no_projection_behind_the_answer_is_ok()
    {
        using var response = await (await SignInSupport.AdministratorAsync(factory)).SendAsync(JsonRequest("/health?maxLag=0"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.RootElement.GetProperty("maxLag").GetInt64().ShouldBe(0);
        json.RootElement.GetProperty("status").GetString().ShouldBe("ok");
    }

    [Fact]
    public async Task A_store_that_cannot_be_opened_stops_the_app_at_start_up_with_the_reason()
    {
        var blocker = Path.Combine(Path.GetTempPath(), $"evs-not-a-directory-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(blocker, "a file where the store's folder should be");
        try
        {
            using var broken = factory.WithWebHostBuilder(b => b.UseSetting("EventStore:Sqlite:Path", Path.Combine(blocker, "events.db")));

            var refused = Should.Throw<InvalidOperationException>(() => broken.CreateClient());

            // Said where the setting is read, before anything starts: the key to fix and the path it named.
            refused.Message.ShouldContain("EventStore:Sqlite:Path");
            refused.Message.ShouldContain(blocker);
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
