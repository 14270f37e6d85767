using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using CardAgent.Backends;
using CardAgent.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VirtualCard;
using static Bench.ScenarioOptions;

namespace Bench.Scenarios;

/// <summary>
/// The card agent's own overhead per authenticate: the HTTP round trip seen by the caller minus
/// the time the agent spent inside card transmit calls (its Server-Timing "card" figure), with the
/// virtual card through pcscd and with the demo back end.
/// </summary>
public sealed class CardAgentScenario : IBenchScenario
{
    private const string Origin = "http://localhost:5080";

    public string Name => "cardagent";

    public string Description => "agent overhead per authenticate (round trip minus card time), pcscd + virtual card and demo";

    public async Task<int> RunAsync(string[] args)
    {
        var iterations = Option(args, "--iterations", 300);
        var warmup = Option(args, "--warmup", 30);
        var pki = TestPki.TestPkiCache.Get();
        var folder = Path.Combine(Path.GetTempPath(), $"bench-cardagent-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            Console.WriteLine();
            Console.WriteLine($"{iterations} authenticates after {warmup} warm-up calls, one client, keep-alive; times in ms.");
            Console.WriteLine();
            Console.WriteLine("| back end | card | round trip p50 | p95 | card time p50 | agent overhead p50 | p95 | max |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var leaf in new[] { "citizen-moica2-rsa", "citizen-moica2-ec" })
            {
                var image = Path.Combine(folder, leaf + ".card.json");
                File.Copy(pki.Leaf(leaf).CardPath, image, overwrite: true);

                await using (var demo = await StartAgentAsync(new() { ["CardAgent:Backend"] = "demo", ["CardAgent:Demo:CardsDirectory"] = folder }))
                    Print("demo", leaf, await MeasureAsync(demo.Client, DemoBackend.ReaderName(image), iterations, warmup));

                await using var card = await VirtualCardHost.InsertAsync(image, VirtualCardHost.FirstPort);
                await using (var pcsc = await StartAgentAsync(new() { ["CardAgent:Backend"] = "pcsc" }))
                    Print("pcsc (pcscd + vpcd)", leaf, await MeasureAsync(pcsc.Client, VirtualCardHost.ReaderName(VirtualCardHost.FirstPort), iterations, warmup));
                await card.RemoveAsync();
                File.Delete(image);
            }
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Print(string backend, string leaf, Samples s) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {backend} | {leaf} | {P(s.Total, 50):0.00} | {P(s.Total, 95):0.00} | {P(s.Card, 50):0.00} | {P(s.Overhead, 50):0.00} | {P(s.Overhead, 95):0.00} | {s.Overhead.Max():0.00} |"));

    private sealed record Samples(double[] Total, double[] Card, double[] Overhead);

    private static async Task<Samples> MeasureAsync(HttpClient client, string reader, int iterations, int warmup)
    {
        var total = new List<double>();
        var card = new List<double>();
        for (var i = 0; i < warmup + iterations; i++)
        {
            var challenge = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var start = Stopwatch.GetTimestamp();
            using var response = await client.PostAsJsonAsync("/v1/authenticate", new { reader, pin = "123456", challenge });
            _ = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"authenticate failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (i < warmup)
                continue;
            var timing = response.Headers.GetValues("Server-Timing").Single();
            total.Add(elapsed);
            card.Add(double.Parse(timing["card;dur=".Length..], CultureInfo.InvariantCulture));
        }
        return new Samples([.. total], [.. card], total.Zip(card, (t, c) => t - c).ToArray());
    }

    private static double P(double[] values, int percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private sealed class RunningAgent(WebApplication app, HttpClient client) : IAsyncDisposable
    {
        public HttpClient Client => client;

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<RunningAgent> StartAgentAsync(Dictionary<string, string?> settings)
    {
        settings["CardAgent:Urls"] = "http://127.0.0.1:0";
        settings["CardAgent:AllowedOrigins:0"] = Origin;
        var app = AgentHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Add("Origin", Origin);
        return new RunningAgent(app, client);
    }
}
