using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Dapper;
using Domain.Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReadModels.Grants;
using ReadModels.Querying;
using ReadModels.Runner;
using Web.CardSteps;
using Web.Pages.Grants;
using Web.Hosting;
using static Bench.ScenarioOptions;
using static Bench.Scenarios.GrantsBenchSupport;

namespace Bench.Scenarios;

/// <summary>
/// 授權經辦人清單 (GET /Grants) under concurrent load: the real Web app on Kestrel (loopback) over a seeded store,
/// N clients, each with its own browser session whose two card steps are recorded as verified for one seeded agency
/// (no card can be read here), asking pages of its agency's list as fast as answers come. Requests/s and latency.
/// The projection runner is not started: the seeded read model is already at the head, and catching the other
/// projections up over a million events would load the machine during the measurement.
/// </summary>
public sealed class GrantsListLoadScenario : IBenchScenario
{
    public string Name => "grants-list-load";

    public string Description => "grant list page under concurrent clients on loopback [--store DIR] [--clients N] [--seconds N] [--port N]; "
        + "or through a running cluster: --url URL --postgres CONNECTION --hash-key-file FILE";

    public async Task<int> RunAsync(string[] args)
    {
        var clients = Option(args, "--clients", 64);
        var seconds = Option(args, "--seconds", 30);
        if (ScenarioOptions.Option(args, "--url") is { } url)
            return await ThroughClusterAsync(args, new Uri(url), clients, seconds);
        var folder = Option(args, "--store", DefaultFolder);
        var port = Option(args, "--port", 5391);
        // Another page of the same app (e.g. "/") under the same load, to tell the list's own cost from the shell's.
        var comparePath = Option(args, "--compare-path", "");
        if (!File.Exists(Path.Combine(folder, "readmodels.db")))
        {
            Console.Error.WriteLine($"no seeded store in {folder} (docs/grants.md, \"Seeding\")");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "Web", Args = [] });
        var app = await HostAsync(builder, port, folder);
        var (http, sessions) = await SittingsAsync(app, clients, new Uri($"http://127.0.0.1:{port}"));
        using var _ = http;
        var result = await MeasureAsync(http, sessions, seconds, comparePath, $"store {folder}", () => Process.GetCurrentProcess().TotalProcessorTime, "server + client");
        await app.StopAsync();
        await app.DisposeAsync();
        return result;
    }

    private static async Task<WebApplication> HostAsync(WebApplicationBuilder builder, int port, string folder)
    {
        builder.Configuration["EventStore:Provider"] = "sqlite";
        builder.Configuration["EventStore:Sqlite:Path"] = Path.Combine(folder, "events.db");
        builder.Configuration["DataProtection:Certificate:Generate"] = "true";
        builder.Configuration["ReadModels:Path"] = Path.Combine(folder, "readmodels.db");
        builder.Configuration["Web:PublicOrigin"] = $"http://127.0.0.1:{port}";
        builder.Configuration["PersonalData:NationalIdHashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddWebShell();
        // No console logging: a line per request written to a terminal would be what the figures measure.
        builder.Logging.ClearProviders();
        var runner = builder.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(ProjectionHostedService));
        builder.Services.Remove(runner);
        var app = builder.Build();
        app.UseWebShell();
        await app.StartAsync();
        return app;
    }

    /// <summary>A browser session per agency (up to <paramref name="clients"/>) whose two card steps are recorded as verified, and a client for <paramref name="url"/>.</summary>
    private static async Task<(HttpClient Http, List<string> Sessions)> SittingsAsync(WebApplication app, int clients, Uri url, string fromAgency = "")
    {
        var database = app.Services.GetRequiredService<ReadModelDatabase>();
        var agencies = new List<HandlerGrantAgency>();
        var query = app.Services.GetRequiredService<HandlerGrantAgencyQuery>();
        await using (var connection = await database.OpenReadConnectionAsync())
        {
            var codes = (await connection.QueryAsync<string>("SELECT agency_code FROM grant_agencies WHERE agency_code >= @fromAgency ORDER BY agency_code LIMIT @clients", new { clients, fromAgency })).ToList();
            foreach (var code in codes)
                agencies.Add((await query.AgencyAsync(code))!);
        }
        var cards = app.Services.GetRequiredService<IVerifiedCardStore>();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        // The cookie carries the session id sealed with the service's key ring, as the service issues it.
        var seal = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(BrowserSession.Purpose);
        var sessions = agencies.Select(agency =>
        {
            var id = Base64Url(RandomNumberGenerator.GetBytes(32));
            cards.Remember(id, new VerifiedCard(HandlerGrantSittings.OrganisationStep.Name, CertificateKind.Organisation, Facts(agency.OrganisationIssuerKeyId, agency.OrganisationSerial, CertificateKind.Organisation), null, now.AddSeconds(-10)));
            cards.Remember(id, new VerifiedCard(HandlerGrantSittings.ManagerStep.Name, CertificateKind.Citizen, Facts(agency.ManagerIssuerKeyId, agency.ManagerSerial, CertificateKind.Citizen), null, now.AddSeconds(-5)));
            return seal.Protect(id);
        }).ToList();

        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        return (new HttpClient(handler, disposeHandler: true) { BaseAddress = url }, sessions);
    }

    private static async Task<int> MeasureAsync(HttpClient http, List<string> sessions, int seconds, string comparePath, string what, Func<TimeSpan> cpu, string cpuOf)
    {
        // One request per session first: the answer must be the list, or the figures would measure the card step page.
        var probe = await GetAsync(http, sessions[0], 1);
        if (!probe.Contains("授權經辦人清單", StringComparison.Ordinal) || !probe.Contains("data-grant=", StringComparison.Ordinal))
        {
            var heading = System.Text.RegularExpressions.Regex.Match(probe, "<h[12][^>]*>([^<]*)</h[12]>");
            Console.Error.WriteLine($"the list did not show for a seeded sitting (the page says: {heading.Groups[1].Value.Trim()}); is the read model seeded?");
            return 1;
        }

        Console.WriteLine($"{what}: {sessions.Count} agencies' sittings, {sessions.Count} clients, warm-up 5 s, then {seconds} s");
        if (comparePath.Length > 0)
            Console.WriteLine($"(measuring {comparePath} instead of the list)");
        await LoadAsync(http, sessions, TimeSpan.FromSeconds(5), record: false, comparePath);
        var cpuBefore = cpu();
        var (latencies, failures, elapsed) = await LoadAsync(http, sessions, TimeSpan.FromSeconds(seconds), record: true, comparePath);
        // In process, server and load generator share this process: its CPU time per request is what one page costs both
        // sides, the figure that stays meaningful when other work on the machine takes cores away (through a cluster:
        // the nodes', HAProxy's, PostgreSQL's and this client's processes).
        var cpuPerRequest = (cpu() - cpuBefore).TotalMilliseconds / Math.Max(1, latencies.Count);
        latencies.Sort();
        Console.WriteLine();
        Console.WriteLine($"machine load average before: {Machine.LoadAverage()}");
        Console.WriteLine($"| clients | requests | failed | requests/s | p50 ms | p95 ms | p99 ms | max ms | CPU ms per request ({cpuOf}) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| {sessions.Count} | {latencies.Count:N0} | {failures} | {latencies.Count / elapsed.TotalSeconds:N0} | {Ms(Percentile(latencies, 0.50))} | {Ms(Percentile(latencies, 0.95))} | {Ms(Percentile(latencies, 0.99))} | {Ms(latencies[^1])} | {Ms(cpuPerRequest)} |");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>
    /// Through a running cluster (scripts/cluster, docs/benchmarks.md): <paramref name="clients"/> agencies of 100 grants
    /// each, seeded into the cluster's store once (tools/Seed's generator; the cluster's nodes project them), their sittings
    /// recorded in the cluster's shared state by the Web's own services built here on the cluster's configuration (the app
    /// is not started: no extra node), then the list asked for through the balancer. CPU per request: every node's,
    /// HAProxy's, PostgreSQL's and this client's processes together.
    /// </summary>
    private static async Task<int> ThroughClusterAsync(string[] args, Uri url, int clients, int seconds)
    {
        if (ScenarioOptions.Option(args, "--postgres") is not { } connectionString || ScenarioOptions.Option(args, "--hash-key-file") is not { } keyFile)
        {
            Console.Error.WriteLine("through a cluster, say where its database is and its national-ID hash key: --postgres CONNECTION --hash-key-file FILE");
            return 2;
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "Web", Args = [] });
        builder.Configuration["EventStore:Provider"] = "postgres";
        builder.Configuration["EventStore:Postgres:ConnectionString"] = connectionString;
        builder.Configuration["DataProtection:Certificate:Generate"] = "true";
        builder.Configuration["Web:PublicOrigin"] = url.GetLeftPart(UriPartial.Authority);
        builder.Configuration["PersonalData:NationalIdHashKey"] = (await File.ReadAllTextAsync(keyFile)).Trim();
        builder.AddWebShell();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();

        var options = new Seed.GrantsSeedOptions(Agencies: clients, Grants: clients * 100);
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            var first = "registration-" + Seed.GrantsSeeder.AgencyCodeOf(0);
            if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM streams WHERE name = @first", new { first }) == 0)
            {
                Console.WriteLine($"seeding {options.Agencies} agencies with {options.Grants} grants into the cluster's store");
                await Seed.GrantsSeeder.SeedAsync(app.Services.GetRequiredService<global::EventStore.IEventStore>(), options);
            }
            // Fed by the cluster's issued-grants leader: every seeded agency's row stands at its stream's last event.
            var watch = Stopwatch.StartNew();
            while (await connection.ExecuteScalarAsync<long>("""
                SELECT count(*) FROM streams s JOIN evs_rm.grant_agencies a ON s.name = 'registration-' || a.agency_code
                WHERE a.stream_version = s.last_revision + 1 AND a.agency_code BETWEEN @low AND @high
                """, new { low = Seed.GrantsSeeder.AgencyCodeOf(0), high = Seed.GrantsSeeder.AgencyCodeOf(clients - 1) }) < clients)
            {
                if (watch.Elapsed > TimeSpan.FromMinutes(5))
                {
                    Console.Error.WriteLine("the cluster's read models did not catch up with the seeded agencies within 5 minutes; is the cluster running?");
                    return 1;
                }
                await Task.Delay(500);
            }
        }

        var (http, sessions) = await SittingsAsync(app, clients, url, Seed.GrantsSeeder.AgencyCodeOf(0));
        using var _ = http;
        return await MeasureAsync(http, sessions, seconds, "", $"cluster at {url}", ClusterCpu, "nodes + HAProxy + PostgreSQL + client");
    }

    /// <summary>CPU time so far of the processes a request through the cluster passes: the nodes, HAProxy, PostgreSQL, and this one.</summary>
    private static TimeSpan ClusterCpu()
    {
        var ticks = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(dir);
            if (!pid.All(char.IsAsciiDigit))
                continue;
            try
            {
                var command = File.ReadAllText(Path.Combine(dir, "cmdline"));
                var self = pid == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!self && !command.Contains("DemoHost.dll", StringComparison.Ordinal) && !command.StartsWith("haproxy", StringComparison.Ordinal)
                    && File.ReadAllText(Path.Combine(dir, "comm")).Trim() != "postgres")
                    continue;
                // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // the process ended meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                // another user's
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static async Task<(List<double> Latencies, int Failures, TimeSpan Elapsed)> LoadAsync(HttpClient http, IReadOnlyList<string> sessions, TimeSpan duration, bool record, string comparePath)
    {
        var latencies = new List<double>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var tasks = sessions.Select((session, index) => Task.Run(async () =>
        {
            var random = new Random(index);
            var mine = new List<double>();
            var failed = 0;
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    // Pages 1-8 of 10 rows: every seeded agency has at least 86 active grants, so each page asked for has rows to check.
                    var body = await GetAsync(http, session, random.Next(1, 9), comparePath);
                    if (comparePath.Length == 0 && !body.Contains("data-grant=", StringComparison.Ordinal))
                        failed++;
                }
                catch (HttpRequestException)
                {
                    failed++;
                }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return (mine, failed);
        })).ToList();
        foreach (var (mine, failed) in await Task.WhenAll(tasks))
        {
            if (record)
                latencies.AddRange(mine);
            failures += failed;
        }
        return (latencies, record ? failures : 0, clock.Elapsed);
    }

    private static async Task<string> GetAsync(HttpClient http, string session, int page, string comparePath = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, comparePath.Length > 0 ? comparePath : $"/Grants?p={page}&size=10");
        request.Headers.Add("Cookie", $"{BrowserSession.CookieName}={session}");
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"status {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    /// <summary>What the sitting compares: the certificate's issuer key id and serial; the rest is only shape.</summary>
    private static CertificateFacts Facts(string issuerKeyId, string serial, CertificateKind kind) => new(
        serial, "CN=seed", issuerKeyId, "CN=seed", "seed", null, null, "TW", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue,
        default, [], null, null, kind, "");
}
