using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Dapper;
using Domain.Certificates;
using Microsoft.AspNetCore.Builder;
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

    public string Description => "grant list page under concurrent clients on loopback [--store DIR] [--clients N] [--seconds N] [--port N]";

    public async Task<int> RunAsync(string[] args)
    {
        var folder = Option(args, "--store", DefaultFolder);
        var clients = Option(args, "--clients", 64);
        var seconds = Option(args, "--seconds", 30);
        var port = Option(args, "--port", 5391);
        // Another page of the same app (e.g. "/") under the same load, to tell the list's own cost from the shell's.
        var comparePath = Option(args, "--compare-path", "");
        if (!File.Exists(Path.Combine(folder, "readmodels.db")))
        {
            Console.Error.WriteLine($"no seeded store in {folder} (docs/grants.md, \"Seeding\")");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "Web", Args = [] });
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
        await using var app = builder.Build();
        app.UseWebShell();
        await app.StartAsync();

        var database = app.Services.GetRequiredService<ReadModelDatabase>();
        var agencies = new List<HandlerGrantAgency>();
        var query = app.Services.GetRequiredService<HandlerGrantAgencyQuery>();
        await using (var connection = await database.OpenReadConnectionAsync())
        {
            var codes = (await connection.QueryAsync<string>("SELECT agency_code FROM grant_agencies ORDER BY agency_code LIMIT @clients", new { clients })).ToList();
            foreach (var code in codes)
                agencies.Add((await query.AgencyAsync(code))!);
        }
        var cards = app.Services.GetRequiredService<IVerifiedCardStore>();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var sessions = agencies.Select(agency =>
        {
            var id = Base64Url(RandomNumberGenerator.GetBytes(32));
            cards.Remember(id, new VerifiedCard(HandlerGrantSittings.OrganisationStep.Name, CertificateKind.Organisation, Facts(agency.OrganisationIssuerKeyId, agency.OrganisationSerial, CertificateKind.Organisation), null, now.AddSeconds(-10)));
            cards.Remember(id, new VerifiedCard(HandlerGrantSittings.ManagerStep.Name, CertificateKind.Citizen, Facts(agency.ManagerIssuerKeyId, agency.ManagerSerial, CertificateKind.Citizen), null, now.AddSeconds(-5)));
            return id;
        }).ToList();

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        // One request per session first: the answer must be the list, or the figures would measure the card step page.
        var probe = await GetAsync(http, sessions[0], 1);
        if (!probe.Contains("授權經辦人清單", StringComparison.Ordinal) || !probe.Contains("data-grant=", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("the list did not show for a seeded sitting; is the read model seeded?");
            return 1;
        }

        Console.WriteLine($"store {folder}: {agencies.Count} agencies' sittings, {clients} clients, warm-up 5 s, then {seconds} s");
        if (comparePath.Length > 0)
            Console.WriteLine($"(measuring {comparePath} instead of the list)");
        await LoadAsync(http, sessions, TimeSpan.FromSeconds(5), record: false, comparePath);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (latencies, failures, elapsed) = await LoadAsync(http, sessions, TimeSpan.FromSeconds(seconds), record: true, comparePath);
        // Server and load generator share this process: its CPU time per request is what one page costs both sides,
        // the figure that stays meaningful when other work on the machine takes cores away.
        var cpuPerRequest = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, latencies.Count);
        latencies.Sort();
        Console.WriteLine();
        Console.WriteLine($"machine load average before: {Machine.LoadAverage()}");
        Console.WriteLine("| clients | requests | failed | requests/s | p50 ms | p95 ms | p99 ms | max ms | CPU ms per request (server + client) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| {clients} | {latencies.Count:N0} | {failures} | {latencies.Count / elapsed.TotalSeconds:N0} | {Ms(Percentile(latencies, 0.50))} | {Ms(Percentile(latencies, 0.95))} | {Ms(Percentile(latencies, 0.99))} | {Ms(latencies[^1])} | {Ms(cpuPerRequest)} |");
        await app.StopAsync();
        return failures == 0 ? 0 : 1;
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
