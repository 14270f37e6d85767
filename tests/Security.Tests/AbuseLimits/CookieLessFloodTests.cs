using System.Diagnostics;
using System.Net;
using EventStore.SecurityLog;
using EventStore.State;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TestPki;
using Xunit.Abstractions;

namespace Security.Tests.AbuseLimits;

/// <summary>Runs alone, after every other class: the managed heap it measures is the whole test process's.</summary>
[CollectionDefinition(nameof(MeasuresProcessMemory), DisableParallelization = true)]
public sealed class MeasuresProcessMemory;

/// <summary>The app in Production on the in-memory test server (no socket, no proxy: the requests' cost is the app's).</summary>
public sealed class FloodedApp : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "evs-security", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataDirectory);
        builder.UseEnvironment("Production");
        builder.UseSetting("EventStore:Provider", "sqlite");
        builder.UseSetting("EventStore:Sqlite:Path", Path.Combine(DataDirectory, "events.db"));
        builder.UseSetting("Web:PublicOrigin", "https://localhost");
        builder.UseSetting("AllowedHosts", "localhost");
        builder.UseSetting("Web:Trust:Directory", TestPkiCache.Get().Root);
        builder.UseSetting("DataProtection:Certificate:Generate", "true");
        // Every GET must reach its page, as from 100,000 addresses: the rate limits (120 look-ups a minute per address) would
        // answer most of one address's GETs with 429 before the page ran.
        foreach (var action in new[] { "SignIn", "CardStep", "LookUp", "Receipt" })
        {
            builder.UseSetting($"Web:RateLimits:{action}:PerAddress", "1000000000");
            builder.UseSetting($"Web:RateLimits:{action}:PerSubject", "1000000000");
        }
        // A request line per GET (and ASP.NET Core's page lines) would be a million lines of console output: the cost
        // measured here would be the console's, and the console logger's queue is bounded anyway.
        builder.ConfigureLogging(logging => logging.ClearProviders());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }
}

/// <summary>
/// Issue 14 point 5: 100,000 cookie-less GETs of the sign-in page and the anonymous card-step pages leave the process's
/// memory bounded. Each GET issues a browser session id and a sealed challenge, neither stored on the server: no state
/// row is written, and the managed heap after a full collection does not grow with the number of requests.
/// </summary>
[Collection(nameof(MeasuresProcessMemory))]
public class CookieLessFloodTests(FloodedApp app, ITestOutputHelper output) : IClassFixture<FloodedApp>
{
    public const int Requests = 100_000;

    /// <summary>How much the managed heap (after a full collection) may grow over the 100,000 requests, in bytes.</summary>
    public const long HeapGrowthBound = 16L * 1024 * 1024;

    /// <summary>How much it may grow over the second 50,000 alone: under 84 bytes kept per request, where one kept session would be more.</summary>
    public const long SecondHalfGrowthBound = 4L * 1024 * 1024;

    /// <summary>The sign-in page (citizen and organisation card) and every card-step page a stranger may open.</summary>
    private static readonly string[] CardStepPages =
    [
        "/Account/SignIn",
        "/Account/SignIn?card=organisation",
        "/Queries/CitizenSerial",
        "/Queries/OrganisationOid",
        "/Grants",
        "/Queries/IssuedGrants",
        "/Account/UpdateCertificate",
    ];

    private static readonly (string Path, HttpStatusCode Status)[] Pages = [.. CardStepPages.Select(p => (p, HttpStatusCode.OK))];

    [Fact]
    public async Task A_hundred_thousand_cookie_less_GETs_write_no_state_row_and_leave_the_managed_heap_bounded()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        });
        // Each page answers with its card step and a new browser session cookie it did not store.
        var unexpected = new List<string>();
        foreach (var (page, status) in Pages)
        {
            using var response = await client.GetAsync(page);
            var cookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
            var cardStep = status != HttpStatusCode.OK || ((await response.Content.ReadAsStringAsync()).Contains("data-card-step", StringComparison.Ordinal)
                && cookies.Exists(c => c.StartsWith("__Host-" + Web.CardSteps.BrowserSession.CookieName + "=", StringComparison.Ordinal)));
            if (response.StatusCode != status || !cardStep)
                unexpected.Add($"{page}: {(int)response.StatusCode} {response.Headers.Location}");
        }
        unexpected.ShouldBeEmpty();
        // The key ring, its generated certificate and the one key challenges are sealed with: made once, not per request.
        StateRows().ShouldBe("card-challenge-key=1, data-protection-certificate=1, data-protection-key=1");
        await SendAsync(client, 2_000); // warm: JIT, Razor views, caches
        var rowsBefore = StateRows();
        var logBefore = app.Services.GetRequiredService<ISecurityLog>().All().Count;
        var baseline = ManagedHeap();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();

        await SendAsync(client, Requests / 2);
        var half = ManagedHeap();
        await SendAsync(client, Requests - (Requests / 2));
        var end = ManagedHeap();

        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine($"{Requests:N0} GETs in {clock.Elapsed.TotalSeconds:0.0} s, {cpuUsed.TotalSeconds:0.0} s CPU (app and client in one process); "
            + $"managed heap after full collection: {baseline / 1048576.0:0.0} MiB before, {half / 1048576.0:0.0} MiB at half, {end / 1048576.0:0.0} MiB after; "
            + $"working set {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:0} MiB");
        StateRows().ShouldBe(rowsBefore, "a cookie-less GET writes no state row");
        app.Services.GetRequiredService<ISecurityLog>().All().Count.ShouldBe(logBefore, "a GET is no security event");
        (end - baseline).ShouldBeLessThan(HeapGrowthBound);
        (end - half).ShouldBeLessThan(SecondHalfGrowthBound);
    }

    /// <summary>Sends <paramref name="count"/> GETs round the pages, 32 at a time; every one must answer as its page does.</summary>
    private static async Task SendAsync(HttpClient client, int count)
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, cancellationToken) =>
        {
            var (path, status) = Pages[i % Pages.Length];
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (response.StatusCode != status && failures.Count < 5)
                failures.Add($"{path}: {(int)response.StatusCode}");
        });
        failures.ShouldBeEmpty();
    }

    private static long ManagedHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>The rows of the state table per kind (<c>kind=count</c>, sorted), read from its file, expired or not.</summary>
    private string StateRows()
    {
        var path = ((SqliteStateStore)app.Services.GetRequiredService<IStateStore>()).Path;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, count(*) FROM evs_state GROUP BY kind ORDER BY kind";
        using var reader = command.ExecuteReader();
        var kinds = new List<string>();
        while (reader.Read())
            kinds.Add($"{reader.GetString(0)}={reader.GetInt64(1)}");
        return string.Join(", ", kinds);
    }
}
