using System.Net;
using System.Text.Json;
using EventStore;
using EventStore.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ReadModels.Projections;
using TestPki;
using Web.CardSteps.Trust;
using Web.Tests.Authentication;
using Web.Tests.CardSteps;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Health;

/// <summary>
/// /health/live and /health/ready as a balancer sees them, on the real app with the test PKI as its trust material:
/// ready only when the database answers, the trust material is loaded and fresh and the projections are close enough;
/// and every response names the node that gave it.
/// </summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task Live_answers_and_every_response_names_the_node_error_pages_included()
    {
        await using var app = new ProbeApp();
        var client = app.CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var home = await client.GetAsync("/");
        using var missing = await client.GetAsync("/no-such-page");

        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Json(live)).GetProperty("node").GetString().ShouldBe(ProbeApp.Node);
        foreach (var response in new[] { live, home, missing })
            response.Headers.GetValues("X-Node").ShouldBe([ProbeApp.Node], response.RequestMessage!.RequestUri!.ToString());
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_node_name_that_cannot_go_in_a_header_stops_the_start_naming_the_key()
    {
        await using var app = new ProbeApp(node: "node one");

        var refused = Should.Throw<Exception>(() => app.CreateClient());

        refused.ToString().ShouldContain("Web:NodeName");
    }

    [Fact]
    public async Task Ready_once_the_trust_material_is_loaded_and_not_ready_when_a_CRL_it_holds_is_past_its_next_update()
    {
        await using var app = new ProbeApp();
        var client = app.CreateClient();
        await app.Services.GetRequiredService<ITrustStore>().GetAsync();

        using var ready = await client.GetAsync("/health/ready");
        var fresh = await Json(ready);
        app.Clock.SetUtcNow(app.Pki.Crls.Max(c => c.NextUpdate).AddMinutes(1));
        using var later = await client.GetAsync("/health/ready");
        var stale = await Json(later);

        ready.StatusCode.ShouldBe(HttpStatusCode.OK, fresh.ToString());
        fresh.GetProperty("status").GetString().ShouldBe("ready");
        fresh.GetProperty("database").GetString().ShouldBe("ok");
        later.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        stale.GetProperty("trust").GetString().ShouldBe("stale");
        stale.GetProperty("database").GetString().ShouldBe("ok");
    }

    [Fact]
    public async Task Not_ready_while_a_projection_is_further_behind_than_the_configured_lag()
    {
        await using var app = new ProbeApp(maxLag: 0);
        var client = app.CreateClient();
        await app.Services.GetRequiredService<ITrustStore>().GetAsync();

        await app.Services.GetRequiredService<IEventStore>().AppendToStreamAsync("health-probe", StreamState.Any,
            [new EventData(Guid.NewGuid(), GatedProjection.HoldType, "{}"u8.ToArray(), EventData.EmptyMetadata)]);
        using var behind = await client.GetAsync("/health/ready");
        var report = await Json(behind);
        app.Projection.Open();

        behind.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        report.GetProperty("projections").GetString().ShouldBe("behind");
        report.GetProperty("trust").GetString().ShouldBe("ok");
    }

    [Fact]
    public async Task Not_ready_when_the_database_is_gone()
    {
        var database = await PostgresDatabase.CreateAsync();
        await using var app = new ProbeApp(postgres: database.ConnectionString);
        var client = app.CreateClient();
        await app.Services.GetRequiredService<ITrustStore>().GetAsync();
        using (var before = await client.GetAsync("/health/ready"))
            before.StatusCode.ShouldBe(HttpStatusCode.OK, (await Json(before)).ToString());

        await database.DisposeAsync();
        using var gone = await client.GetAsync("/health/ready");
        var report = await Json(gone);

        gone.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        report.GetProperty("database").GetString().ShouldBe("unreachable");
        report.GetProperty("status").GetString().ShouldBe("not-ready");
    }

    [Fact]
    public async Task Health_lists_the_CRLs_this_node_holds_with_age_and_source_and_names_a_failing_source_in_zh_TW()
    {
        // Port 1 on loopback refuses at once: a CRL URL this node cannot reach.
        const string unreachable = "http://127.0.0.1:1/crl/moica-complete.crl";
        // A newer CRL of GCA whose nextUpdate has passed (the organisation CA: the administrator's citizen card does
        // not depend on it), so one page shows a stale row beside the valid ones. A clock moved past every nextUpdate
        // would also end the administrator's session, and no card could sign in again: card steps fail closed.
        var pki = TestPkiCache.Get();
        var gca = pki.Crl("gca");
        var staleFolder = Directory.CreateTempSubdirectory("evs-stale-crl-").FullName;
        var staleGca = Path.Combine(staleFolder, "gca-stale.crl");
        await File.WriteAllBytesAsync(staleGca, ExtraCrls.Issue(pki, "gca", gca.CrlNumber + 1, gca.ThisUpdate.AddDays(1), pki.ReferenceInstants.Now.AddMinutes(-1), []));
        try
        {
            await using var app = new ProbeApp(settings: [new("Web:Trust:CrlRefresh:Urls:0", unreachable), new("Web:Trust:Crls:9", staleGca)]);
            var client = await SignInSupport.AdministratorAsync(app);
            await app.Services.GetRequiredService<ITrustStore>().GetAsync();
            await app.Services.GetRequiredService<CrlRefresher>().RefreshAsync();

            using var response = await client.GetAsync("/health");
            var page = await Html.ParseAsync(response);
            using var jsonRequest = new HttpRequestMessage(HttpMethod.Get, "/health") { Headers = { { "Accept", "application/json" } } };
            var json = await Json(await client.SendAsync(jsonRequest));
            var checkedAt = app.Clock.GetUtcNow();

            var rows = page.QuerySelectorAll("[data-testid=crl-health] tbody tr");
            var moica = app.Pki.Crl("moica-g2");
            rows.Length.ShouldBe(8); // the eight small CRLs of the test PKI, moica-g3 listed twice but held once, GCA's newer one in place of its first
            var moicaRow = rows.Single(r => r.TextContent.Contains("moica-g2.crl", StringComparison.Ordinal)).TextContent;
            moicaRow.ShouldContain("有效");
            moicaRow.ShouldContain($"已發布 {(int)(checkedAt - moica.ThisUpdate).TotalDays} 天");
            rows.Single(r => r.TextContent.Contains("gca-stale.crl", StringComparison.Ordinal)).TextContent.ShouldContain("已逾期");
            rows.Count(r => r.TextContent.Contains("已逾期", StringComparison.Ordinal)).ShouldBe(1);
            page.QuerySelector("[data-testid=crl-source-problems]")!.TextContent.ShouldContain("無法讀取");
            page.QuerySelector("[data-testid=crl-source-problems]")!.TextContent.ShouldContain(unreachable);
            var moicaJson = json.GetProperty("crls").EnumerateArray().Single(c => c.GetProperty("source").GetString() == "moica-g2.crl");
            moicaJson.GetProperty("ageSeconds").GetInt64().ShouldBe((long)(checkedAt - moica.ThisUpdate).TotalSeconds);
            moicaJson.GetProperty("number").GetString().ShouldBe(moica.CrlNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
            moicaJson.GetProperty("stale").GetBoolean().ShouldBeFalse();
            json.GetProperty("crls").EnumerateArray().Single(c => c.GetProperty("source").GetString() == "gca-stale.crl").GetProperty("stale").GetBoolean().ShouldBeTrue();
            var source = json.GetProperty("crlSources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == unreachable);
            source.GetProperty("problem").GetString().ShouldBe("Unreachable");
            json.GetProperty("crlSources").EnumerateArray().ShouldAllBe(s => !s.GetProperty("source").GetString()!.Contains('/') || s.GetProperty("source").GetString()!.StartsWith("http", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(staleFolder, recursive: true);
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>The card-step app (test PKI trust, a fake clock at its reference instant) with a node name, a lag bound and a projection the test can hold.</summary>
    private sealed class ProbeApp(long maxLag = 1000, string? postgres = null, string node = ProbeApp.Node, KeyValuePair<string, string?>[]? settings = null) : CardStepApp
    {
        public const string Node = "probe-node-1";

        public GatedProjection Projection { get; } = new();

        protected override IEnumerable<KeyValuePair<string, string?>> Settings => base.Settings.Concat(
        [
            new("Web:NodeName", node),
            new("Web:Health:MaxProjectionLag", maxLag.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            // The last default CRL is the 400,000-entry one (loading it is not the subject here): list a small one again in its place.
            new("Web:Trust:Crls:8", "crl/moica-g3.crl"),
        ]).Concat(postgres is null ? [] :
        [
            new("EventStore:Provider", "postgres"),
            new("EventStore:Postgres:ConnectionString", postgres),
            new("PersonalData:NationalIdHashKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))),
        ]).Concat(settings ?? []);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IProjection>(Projection));
        }
    }
}
