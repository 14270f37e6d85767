using System.Diagnostics;
using System.Globalization;
using Domain.Accounts;
using ReadModels.Querying;
using ReadModels.Runner;
using EventStore.Serialization;
using EventStore.Sqlite;
using Microsoft.Extensions.Options;
using Web.Authentication.Passwords;
using Web.Hosting;
using Web.Messaging;
using static Bench.ScenarioOptions;

namespace Bench.Scenarios;

/// <summary>
/// Argon2id cost on this machine (hash and verify at the default and neighbouring parameters), and the whole
/// password sign-in check against a real SQLite store for each kind of failure, to show that an unknown account,
/// a wrong password and a locked account take alike.
/// </summary>
public sealed class PasswordsScenario : IBenchScenario
{
    public string Name => "passwords";

    public string Description => "Argon2id hash/verify per cost; sign-in check timing: right, wrong, unknown, locked [--runs N]";

    public async Task<int> RunAsync(string[] args)
    {
        var runs = Option(args, "--runs", 9);

        Console.WriteLine();
        Console.WriteLine("| Argon2id cost | hash median | hash min | verify median |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (memory, iterations) in new[] { (19456, 2), (47104, 1), (65536, 2), (65536, 3), (131072, 3) })
        {
            using var hasher = new PasswordHasher(Options.Create(new PasswordOptions { MemoryKiB = memory, Iterations = iterations }));
            var hash = await hasher.HashAsync("bench-password");
            var hashTimes = await TimeAsync(runs, () => hasher.HashAsync("bench-password"));
            var verifyTimes = await TimeAsync(runs, () => hasher.VerifyAsync(hash, "bench-password"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| m={memory / 1024} MiB, t={iterations}, p=1{(memory == new PasswordOptions().MemoryKiB && iterations == new PasswordOptions().Iterations ? " (default)" : "")} | {hashTimes[runs / 2]:0} ms | {hashTimes[0]:0} ms | {verifyTimes[runs / 2]:0} ms |"));
        }

        var folder = Path.Combine(Path.GetTempPath(), "evs-bench-passwords", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var store = new SqliteEventStore(Path.Combine(folder, "events.db"));
            var registry = EventTypeRegistry.FromAssemblies(typeof(AccountEvent).Assembly);
            // Sign-in reads no read model: a runner with no projections is all the pipeline's wait needs.
            await using var runner = new ProjectionRunner(store, new ReadModelDatabase(Path.Combine(folder, "readmodels.db")), []);
            var handler = new CommandPipeline(store, registry, new ReadModelWait(runner, store, Options.Create(new WebOptions())), new Microsoft.AspNetCore.Http.HttpContextAccessor());
            using var hasher = new PasswordHasher(Options.Create(new PasswordOptions()));
            // A lockout that never triggers for the "wrong" series, and one that does for the "locked" account.
            var options = Options.Create(new PasswordOptions { MaxFailures = 1_000_000 });
            var accounts = new PasswordAccounts(handler, hasher, options, TimeProvider.System);
            var lockedOut = new PasswordAccounts(handler, hasher, Options.Create(new PasswordOptions { MaxFailures = 1 }), TimeProvider.System);
            await accounts.OpenAsync(AccountName.Of("bench"), AccountKind.Staff, ["reviewer"], "bench", "right-password", "bench");
            await accounts.OpenAsync(AccountName.Of("locked"), AccountKind.Staff, ["reviewer"], "locked", "right-password", "bench");
            await lockedOut.CheckAsync("locked", "wrong");

            Console.WriteLine();
            Console.WriteLine("| sign-in check (default cost, SQLite store) | median | min | max |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            // Interleaved rounds, so a burst of load on the shared machine hits every series alike.
            var series = new (string Name, Func<Task> Check)[]
            {
                ("right password (reads, verifies, appends success)", () => accounts.CheckAsync("bench", "right-password")),
                ("wrong password (reads, verifies, appends failure)", () => accounts.CheckAsync("bench", "wrong-password")),
                ("unknown account (reads nothing, verifies decoy)", () => accounts.CheckAsync("nobody", "wrong-password")),
                ("locked account (reads, verifies decoy)", () => accounts.CheckAsync("locked", "right-password")),
            };
            var times = series.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < runs; round++)
            {
                for (var s = 0; s < series.Length; s++)
                {
                    var watch = Stopwatch.StartNew();
                    await series[s].Check();
                    times[s].Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            for (var s = 0; s < series.Length; s++)
            {
                times[s].Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {series[s].Name} | {times[s][runs / 2]:0} ms | {times[s][0]:0} ms | {times[s][^1]:0} ms |"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    private static async Task<List<double>> TimeAsync<T>(int runs, Func<Task<T>> action)
    {
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times;
    }
}
