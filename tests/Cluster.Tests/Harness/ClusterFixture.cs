using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using ReadModels.Grants;
using ReadModels.Runner;
using TestPki;

namespace Cluster.Tests.Harness;

/// <summary>
/// The cluster of <c>scripts/cluster</c>, once for the whole collection: three nodes on a scratch PostgreSQL database,
/// HAProxy in front, the demo card agent, all on free ports (other test projects run beside this one). Started from the
/// build output (<c>EVS_CLUSTER_NO_BUILD=1</c>: this project's build built DemoHost and the agent), the demo PKI copied
/// from the cached test PKI (same seed as the script's). Tests kill and restart nodes through it and leave all three
/// running when they end.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int Nodes = 3;
    private static readonly TimeSpan StartWithin = TimeSpan.FromMinutes(3);

    private readonly ClusterProcess?[] _nodes = new ClusterProcess?[Nodes];
    private readonly Dictionary<string, string> _environment = [];
    private ClusterProcess? _agent;
    private ClusterProcess? _balancer;

    public string RepositoryRoot { get; } = FindRepositoryRoot();

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "evs-cluster-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public string Database { get; } = "evs_cluster_test_" + Guid.NewGuid().ToString("N")[..12];

    public int BalancerPort { get; private set; }

    public int[] NodePorts { get; private set; } = [];

    public int AgentPort { get; private set; }

    /// <summary>The balancer as the browser sees it (the agent answers only this origin).</summary>
    public Uri BalancerUrl => new($"http://localhost:{BalancerPort}");

    public Uri AgentUrl => new($"http://127.0.0.1:{AgentPort}");

    public string CardsDirectory => Path.Combine(DataDirectory, "cards");

    public PkiManifest Pki { get; private set; } = null!;

    public static string Server => Environment.GetEnvironmentVariable("EVS_PG") is { Length: > 0 } configured
        ? configured
        : "Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres";

    public string ConnectionString => new NpgsqlConnectionStringBuilder(Server) { Database = Database, Pooling = false }.ConnectionString;

    /// <summary>What the cluster did (node starts and their durations), for the tests' output.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Log { get; } = new();

    public ClusterProcess Node(int n) => _nodes[n - 1] ?? throw new InvalidOperationException($"node{n} is not running");

    public async Task InitializeAsync()
    {
        var ports = new HashSet<int>();
        while (ports.Count < Nodes + 2)
            ports.Add(FreePort());
        var list = ports.ToArray();
        BalancerPort = list[0];
        AgentPort = list[1];
        NodePorts = list[2..];
        Pki = CopyOfTheTestPki();
        _environment["EVS_DATA_DIR"] = DataDirectory;
        _environment["EVS_CLUSTER_PORT"] = BalancerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _environment["EVS_CLUSTER_NODE_PORTS"] = string.Join(' ', NodePorts);
        _environment["EVS_CLUSTER_AGENT_PORT"] = AgentPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _environment["EVS_CLUSTER_DATABASE"] = Database;
        _environment["EVS_CLUSTER_NODES"] = Nodes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _environment["EVS_CLUSTER_NO_BUILD"] = "1";

        await RunScriptAsync("prepare");
        _agent = await StartPartAsync("agent", "agent");
        await StartNodeAsync(1);
        await Task.WhenAll(StartNodeAsync(2), StartNodeAsync(3));
        _balancer = await StartPartAsync("balancer", "balancer");
        await WaitUntilAsync(async () => await AnswersAsync(new Uri(BalancerUrl, "/health/ready")), StartWithin, () => "the balancer did not answer:\n" + _balancer.Tail());
    }

    /// <summary>Starts node <paramref name="n"/> (again) and waits until it answers ready on its own port.</summary>
    public async Task StartNodeAsync(int n)
    {
        if (_nodes[n - 1] is { HasExited: false })
            throw new InvalidOperationException($"node{n} is running");
        if (_nodes[n - 1] is { } gone)
            await gone.DisposeAsync();
        var watch = Stopwatch.StartNew();
        // Quiet nodes (Development logs every request): a line per request costs CPU the tests share.
        var node = await StartPartAsync($"node{n}", "node", n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Warning");
        _nodes[n - 1] = node;
        await WaitUntilAsync(
            async () => node.HasExited ? throw new InvalidOperationException($"node{n} exited:\n{node.Tail()}") : await AnswersAsync(ReadyUrl(n)),
            StartWithin,
            () => $"node{n} was not ready:\n{node.Tail()}");
        Log.Enqueue($"node{n} ready {watch.ElapsedMilliseconds} ms after its start");
    }

    /// <summary>The nodes running now.</summary>
    public IReadOnlyList<int> Running => [.. Enumerable.Range(1, Nodes).Where(n => _nodes[n - 1] is { HasExited: false })];

    /// <summary>
    /// Starts nodes that are down until at least <paramref name="minimum"/> run, then waits until the balancer sends
    /// requests to every running node (its checks passed). The tests that kill nodes run last and need only two, so a
    /// run of the collection restarts no node it killed.
    /// </summary>
    public async Task ServingAsync(int minimum = Nodes)
    {
        for (var n = 1; n <= Nodes && Running.Count < minimum; n++)
        {
            if (_nodes[n - 1] is null or { HasExited: true })
                await StartNodeAsync(n);
        }
        var expected = Running.Count;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var seen = new Queue<string>();
        await WaitUntilAsync(async () =>
        {
            using var response = await http.GetAsync(new Uri(BalancerUrl, "/health/live"));
            seen.Enqueue(response.Headers.TryGetValues("X-Node", out var names) ? names.First() : "(none)");
            if (seen.Count > expected)
                seen.Dequeue();
            return seen.Distinct().Count() == expected;
        }, TimeSpan.FromSeconds(60), () => $"the balancer's last answers came from {string.Join(", ", seen)}");
    }

    public async Task<bool> IsRegisteredAsync(string agency)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM streams WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", "registration-" + agency);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private readonly SemaphoreSlim _registering = new(1, 1);

    /// <summary>The agency the grant tests sit for (<see cref="Flows.Agency"/>): registered through the browser unless an earlier step did.</summary>
    public async Task EnsureRegisteredAsync()
    {
        await _registering.WaitAsync();
        try
        {
            if (await IsRegisteredAsync(Flows.Agency))
                return;
            await using var browser = await ClusterBrowser.OpenAsync(this);
            Flows.OnlyCards(this, Flows.OrganisationCard, Flows.ManagerCard);
            await Flows.RegistrationToManagerStepAsync(browser.Page, Flows.Agency);
            await Flows.RegistrationFromManagerStepAsync(browser.Page, Flows.Agency, Flows.ManagerId);
        }
        finally
        {
            _registering.Release();
        }
    }

    /// <summary>Every row of the issued-grants projection's tables in one database, as JSON text, sorted.</summary>
    public async Task<List<string>> GrantRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var rows = new List<string>();
        foreach (var table in new[] { "grant_agencies", "issued_grants", "issued_grant_functions", "grant_known_certificates" })
        {
            await using var command = new NpgsqlCommand($"SELECT '{table} ' || row_to_json(t)::text FROM evs_rm.{table} t", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(reader.GetString(0));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>
    /// The issued-grants projection run from scratch over the cluster's store into a database of its own, to its head:
    /// what the live rows must equal.
    /// </summary>
    public async Task<List<string>> RebuiltGrantRowsAsync()
    {
        var scratch = Database + "_rebuild";
        await using (var admin = new NpgsqlConnection(Server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"DROP DATABASE IF EXISTS {scratch} WITH (FORCE); CREATE DATABASE {scratch}", admin);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            var scratchConnection = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = scratch }.ConnectionString;
            await using var store = new EventStore.Postgres.PostgresEventStore(ConnectionString);
            var registry = EventStore.Serialization.EventTypeRegistry.FromAssemblies(typeof(Domain.Common.EventTypeAttribute).Assembly);
            var hashKey = new ReadModels.ReferenceData.NationalIdHashKey(Convert.FromBase64String(File.ReadAllText(Path.Combine(DataDirectory, "cluster", "national-id-hash.key")).Trim()));
            await using (var database = ReadModels.Querying.ReadModelDatabase.OnPostgres(scratchConnection))
            {
                await using var runner = new ProjectionRunner(store, database, [new HandlerGrantsProjection(registry, hashKey)]);
                await runner.StartAsync(CancellationToken.None);
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                await runner.WaitForCheckpointAsync(HandlerGrantsProjection.ProjectionName, await store.ReadHeadPositionAsync(), timeout.Token);
            }
            return await GrantRowsAsync(scratchConnection);
        }
        finally
        {
            await using var admin = new NpgsqlConnection(Server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    public Uri ReadyUrl(int n) => new($"http://127.0.0.1:{NodePorts[n - 1]}/health/ready");

    /// <summary>kill -9: the node ends at once, mid-request, mid-transaction.</summary>
    public async Task KillNodeAsync(int n)
    {
        var node = Node(n);
        node.Signal(ClusterProcess.SigKill);
        await node.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A graceful stop (SIGTERM, as systemd or Kubernetes stop a node), waited for.</summary>
    public async Task StopNodeAsync(int n)
    {
        var node = Node(n);
        node.Signal(ClusterProcess.SigTerm);
        await node.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Which node holds the advisory lock of <paramref name="projection"/>: its lock session's client port, found among the nodes' sockets.</summary>
    public async Task<int?> LeaderOfAsync(string projection)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var holder = await ProjectionLeases.HolderAsync(connection, projection, TimeSpan.FromSeconds(3), CancellationToken.None);
        if (holder is null)
            return null;
        await using var command = new NpgsqlCommand("SELECT client_port FROM pg_stat_activity WHERE application_name = @holder AND client_port > 0", connection);
        command.Parameters.AddWithValue("holder", holder.Value.Holder);
        var ports = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                ports.Add(reader.GetInt32(0));
        }
        for (var n = 1; n <= Nodes; n++)
        {
            if (_nodes[n - 1] is { HasExited: false } node && ports.Any(port => OwnsLocalPort(node.Id, port)))
                return n;
        }

        return null;
    }

    /// <summary>Whether process <paramref name="pid"/> holds the TCP socket bound to local port <paramref name="port"/> (/proc/net/tcp → socket inode → /proc/pid/fd).</summary>
    private static bool OwnsLocalPort(int pid, int port)
    {
        var hex = $":{port:X4} ";
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
                continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && (fields[1] + " ").EndsWith(hex, StringComparison.Ordinal))
                    inodes.Add(fields[9]);
            }
        }
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                    return true;
            }
        }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            // the process ended meanwhile
        }

        return false;
    }

    public static async Task<bool> AnswersAsync(Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var response = await http.GetAsync(url);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Re-checks <paramref name="condition"/> every 100 ms until it holds, failing after <paramref name="deadline"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan deadline, Func<string> failure)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > deadline)
                throw new TimeoutException($"after {deadline.TotalSeconds} s: {failure()}");
            await Task.Delay(100);
        }
    }

    private async Task<ClusterProcess> StartPartAsync(string name, params string[] arguments) =>
        await ClusterProcess.StartAsync(RepositoryRoot, _environment, Path.Combine(DataDirectory, "cluster", name + ".log"), name, arguments);

    private async Task RunScriptAsync(string part)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", "cluster"));
        start.ArgumentList.Add(part);
        foreach (var (key, value) in _environment)
            start.Environment[key] = value;
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var errors = script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync().WaitAsync(StartWithin);
        if (script.ExitCode != 0)
            throw new InvalidOperationException($"scripts/cluster {part} failed ({script.ExitCode}):\n{await output}\n{await errors}");
    }

    private PkiManifest CopyOfTheTestPki()
    {
        var cached = TestPkiCache.Get();
        var target = Path.Combine(DataDirectory, "pki");
        foreach (var file in Directory.EnumerateFiles(cached.Root, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(cached.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return PkiManifest.Load(target);
    }

    public async Task DisposeAsync()
    {
        if (_balancer is not null)
            await _balancer.DisposeAsync();
        foreach (var node in _nodes)
        {
            if (node is not null)
                await node.DisposeAsync();
        }
        if (_agent is not null)
            await _agent.DisposeAsync();
        await using (var connection = new NpgsqlConnection(Server))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        if (Environment.GetEnvironmentVariable("EVS_KEEP_CLUSTER") != "1")
            Directory.Delete(DataDirectory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventSourced.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"EventSourced.sln not found above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
