using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CardAgent.Install;
using CardAgent.Tests.Support;

namespace CardAgent.Tests.Install;

/// <summary>
/// <c>CardAgent install</c> / <c>uninstall</c> for real on this Linux machine, in a throw-away home folder:
/// the systemd user unit and its default.target.wants link are written and removed, and the unit's
/// ExecStart, run the way systemd runs it (its words unquoted, in its WorkingDirectory), is an agent
/// that answers. The program is the published single file when EVS_CARD_AGENT_PROGRAM names it
/// (scripts/test publishes it), otherwise <c>dotnet CardAgent.dll</c> from this build. No systemd user
/// manager runs here (nor in CI), so the systemctl steps are reported as not done, and the test starts
/// ExecStart itself.
/// </summary>
public sealed class LinuxInstallTests : IDisposable
{
    private readonly TempDirectory home = new("agent-home");
    private readonly TempDirectory cards = new("agent-cards");

    public void Dispose()
    {
        home.Dispose();
        cards.Dispose();
    }

    [Fact]
    public async Task Install_writes_a_user_unit_whose_ExecStart_is_an_answering_agent_and_uninstall_removes_it()
    {
        if (!OperatingSystem.IsLinux())
            throw new InvalidOperationException("this test installs a systemd user unit: it runs on Linux");
        TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        var port = FreePort();
        string[] settings =
        [
            "--CardAgent:Backend=demo", $"--CardAgent:Demo:CardsDirectory={cards.Path}",
            $"--CardAgent:AllowedOrigins:0={AgentServer.AllowedOrigin}", $"--CardAgent:Urls=http://127.0.0.1:{port}",
        ];
        var unitPath = Path.Combine(home.Path, ".config", "systemd", "user", "evs-card-agent.service");
        var linkPath = Path.Combine(home.Path, ".config", "systemd", "user", "default.target.wants", "evs-card-agent.service");

        var (installed, installOutput) = await RunAgentAsync(["install", .. settings]);

        installed.ShouldBe(0, installOutput);
        installOutput.ShouldContain($"已寫入 {unitPath}");
        installOutput.ShouldContain($"已建立連結 {linkPath} → {unitPath}");
        installOutput.ShouldContain("systemctl --user restart evs-card-agent.service", Case.Sensitive, "done where a user manager runs, reported as not done here");
        new FileInfo(linkPath).LinkTarget.ShouldBe(unitPath);
        var unit = File.ReadAllLines(unitPath);
        var execStart = SystemdWords(unit.Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..]);
        execStart.TakeLast(settings.Length).ShouldBe(settings);
        var workingDirectory = unit.Single(l => l.StartsWith("WorkingDirectory=", StringComparison.Ordinal))["WorkingDirectory=".Length..];

        var status = await StartLikeSystemdAsync(execStart, workingDirectory, port);

        status.GetProperty("version").GetString().ShouldBe(CardAgent.Commands.StatusCommand.Version);
        status.GetProperty("demo").GetBoolean().ShouldBeTrue();

        var (uninstalled, uninstallOutput) = await RunAgentAsync(["uninstall"]);

        uninstalled.ShouldBe(0, uninstallOutput);
        uninstallOutput.ShouldContain($"已刪除 {unitPath}");
        File.Exists(unitPath).ShouldBeFalse();
        new FileInfo(linkPath).LinkTarget.ShouldBeNull("the default.target.wants link is gone");
    }

    [Fact]
    public void Install_with_an_origin_that_is_not_exact_writes_nothing_and_says_what_to_set()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = InstallMode.Run("install", ["--CardAgent:AllowedOrigins:0=https://*.example.gov.tw"], output, error);

        exit.ShouldBe(2);
        error.ToString().ShouldContain("CardAgent:AllowedOrigins");
        output.ToString().ShouldBeEmpty();
    }

    /// <summary>Runs the agent program with HOME pointing at the test's folder; returns its exit code and everything it printed.</summary>
    private async Task<(int Exit, string Output)> RunAgentAsync(string[] arguments)
    {
        var (program, prefix) = AgentProgram();
        var info = new ProcessStartInfo(program, [.. prefix, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["HOME"] = home.Path;
        info.Environment.Remove("XDG_CONFIG_HOME");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Starts ExecStart in WorkingDirectory, waits for Kestrel's "Now listening" line, asks /v1/status, stops it.</summary>
    private async Task<JsonElement> StartLikeSystemdAsync(IReadOnlyList<string> execStart, string workingDirectory, int port)
    {
        var info = new ProcessStartInfo(execStart[0], execStart.Skip(1)) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["HOME"] = home.Path;
        using var process = Process.Start(info)!;
        try
        {
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
                    listening.TrySetResult();
            };
            process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"the agent exited: {process.StandardError.ReadToEnd()}"));
            process.EnableRaisingEvents = true;
            process.BeginOutputReadLine();
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Add("Origin", AgentServer.AllowedOrigin);
            var response = await client.GetAsync("/v1/status");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var readers = JsonDocument.Parse(await client.GetStringAsync("/v1/readers")).RootElement.GetProperty("readers");
            readers.GetArrayLength().ShouldBe(1, "the demo card folder named in the unit is the one the agent serves");
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>The published single file, or dotnet with this build's CardAgent.dll.</summary>
    private static (string Program, string[] Prefix) AgentProgram()
    {
        var published = Environment.GetEnvironmentVariable("EVS_CARD_AGENT_PROGRAM");
        if (!string.IsNullOrEmpty(published))
        {
            if (!File.Exists(published))
                throw new InvalidOperationException($"EVS_CARD_AGENT_PROGRAM names {published}, which does not exist; run scripts/publish-agent linux-x64");
            return (published, []);
        }
        return ("dotnet", [Path.Combine(AppContext.BaseDirectory, "CardAgent.dll")]);
    }

    /// <summary>ExecStart's words as systemd splits them: double-quoted, C escapes, %% and $$ for a literal % and $.</summary>
    private static List<string> SystemdWords(string line)
    {
        var words = new List<string>();
        var at = 0;
        while (at < line.Length)
        {
            if (line[at] == ' ')
            {
                at++;
                continue;
            }
            line[at].ShouldBe('"', "install quotes every word");
            var word = new System.Text.StringBuilder();
            for (at++; line[at] != '"'; at++)
            {
                if (line[at] == '\\' || (line[at] is '%' or '$' && line[at + 1] == line[at]))
                    at++;
                word.Append(line[at]);
            }
            at++;
            words.Add(word.ToString());
        }
        return words;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
