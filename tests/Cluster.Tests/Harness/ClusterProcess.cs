using System.Diagnostics;

namespace Cluster.Tests.Harness;

/// <summary>
/// One part of the cluster (a node, the card agent, the balancer) started by <c>scripts/cluster &lt;part&gt;</c>, which
/// execs it: the process id is the part's own, so a test can signal it (<c>kill -9</c>, a graceful TERM). Its output goes
/// to a log file in the cluster's folder.
/// </summary>
public sealed class ClusterProcess : IAsyncDisposable
{
    /// <summary>
    /// Starts <c>"$@"</c> with its output to $EVS_PART_LOG, prints its process id, and kills it when stdin reaches its end
    /// (the test process closed its end of the pipe, or died): a part never outlives the tests holding its port.
    /// </summary>
    private const string Lifeline = """
        exec 3<&0
        "$@" </dev/null >>"$EVS_PART_LOG" 2>&1 3<&- &
        part=$!
        echo "$part"
        (cat <&3 >/dev/null; kill -9 "$part" 2>/dev/null) &
        wait "$part"
        """;

    private readonly Process _shell;

    private ClusterProcess(Process shell, int id, string name, string logPath)
    {
        _shell = shell;
        Id = id;
        Name = name;
        LogPath = logPath;
    }

    public int Id { get; }

    public string Name { get; }

    public string LogPath { get; }

    public bool HasExited => _shell.HasExited;

    /// <summary>The last lines the part wrote (for failure messages).</summary>
    public string Tail(int lines = 30) =>
        File.Exists(LogPath) ? string.Join('\n', File.ReadLines(LogPath).TakeLast(lines)) : "(no log)";

    public static async Task<ClusterProcess> StartAsync(string repositoryRoot, IReadOnlyDictionary<string, string> environment, string logPath, string name, params string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-c", Lifeline, name, "bash", Path.Combine(repositoryRoot, "scripts", "cluster") }.Concat(arguments))
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        start.Environment["EVS_PART_LOG"] = logPath;
        var shell = Process.Start(start) ?? throw new InvalidOperationException($"sh did not start {name}");
        var line = await shell.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (!int.TryParse(line, out var id))
            throw new InvalidOperationException($"{name} did not start: {line}");
        return new ClusterProcess(shell, id, name, logPath);
    }

    public const int SigTerm = 15;
    public const int SigKill = 9;

    public void Signal(int signal)
    {
        if (HasExited)
            return;
        using var kill = Process.Start("kill", [$"-{signal}", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits until the part has ended (the shell waits for it), failing after <paramref name="deadline"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan deadline) => await _shell.WaitForExitAsync().WaitAsync(deadline);

    public async ValueTask DisposeAsync()
    {
        try
        {
            Signal(SigKill);
            _shell.StandardInput.Close();
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // already gone, or its shell did not end: the lifeline's watcher kills it when this process ends
        }
        finally
        {
            _shell.Dispose();
        }
    }
}
