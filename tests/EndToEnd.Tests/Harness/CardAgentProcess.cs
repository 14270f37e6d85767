using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace EndToEnd.Tests.Harness;

/// <summary>
/// The real card agent (src/CardAgent) as a separate process with the demo back end: every
/// <c>*.card.json</c> in <see cref="CardsDirectory"/> is a card in its own reader. It answers only
/// <see cref="AllowedOrigin"/>, as it would answer only our site on a user's machine.
/// </summary>
public sealed class CardAgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CardAgentProcess(Process process, Uri url, string cardsDirectory, string allowedOrigin)
    {
        _process = process;
        Url = url;
        CardsDirectory = cardsDirectory;
        AllowedOrigin = allowedOrigin;
    }

    public Uri Url { get; }

    public string CardsDirectory { get; }

    public string AllowedOrigin { get; }

    /// <summary>What the agent printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>The agent's build output, next to this test assembly's configuration.</summary>
    public static string AssemblyPath =>
        typeof(CardAgentProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CardAgentAssembly").Value!;

    /// <summary>Starts the agent on a free loopback port and waits until it answers <c>/v1/status</c>.</summary>
    /// <param name="extraArguments">More configuration after the demo defaults (later values win), e.g. another back end.</param>
    public static async Task<CardAgentProcess> StartAsync(string cardsDirectory, string allowedOrigin, IEnumerable<string>? extraArguments = null, CancellationToken cancellationToken = default)
    {
        var dll = AssemblyPath;
        if (!File.Exists(dll))
            throw new InvalidOperationException($"The card agent is not built at {dll}; build tests/EndToEnd.Tests (it builds src/CardAgent too).");
        Directory.CreateDirectory(cardsDirectory);
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        // Through a small shell that holds a pipe from this process on its stdin: when the test process ends, however
        // it ends (a hang killed by --blame-hang-timeout, a crash), the pipe closes, cat returns and the shell stops the
        // agent, which would otherwise outlive it holding its port and its reader folder.
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-c",
            Lifeline,
            "card-agent",
            dll,
            "--CardAgent:Backend=demo",
            $"--CardAgent:Demo:CardsDirectory={cardsDirectory}",
            $"--CardAgent:AllowedOrigins:0={allowedOrigin}",
            $"--CardAgent:Urls={url.GetLeftPart(UriPartial.Authority)}",
        }.Concat(extraArguments ?? []))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the card agent");
        var agent = new CardAgentProcess(process, url, cardsDirectory, allowedOrigin);
        process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await agent.WaitUntilReadyAsync(cancellationToken);
        }
        catch
        {
            await agent.DisposeAsync();
            throw;
        }

        return agent;
    }

    /// <summary>
    /// Starts <c>dotnet "$@"</c>, prints its process id, and stops it when stdin reaches its end (the test process
    /// closed its end of the pipe, or died); exits with the agent's status when the agent ends first. The watcher reads
    /// stdin through fd 3 because sh gives a background job /dev/null as its stdin.
    /// </summary>
    private const string Lifeline = """
        exec 3<&0
        dotnet "$@" </dev/null 3<&- &
        agent=$!
        echo "card-agent-pid $agent"
        (cat <&3 >/dev/null; kill "$agent" 2>/dev/null) &
        wait "$agent"
        """;

    private const string PidLine = "card-agent-pid ";

    private readonly TaskCompletionSource<int> _agentProcessId = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The agent's own process id (its parent is the shell this harness started).</summary>
    public Task<int> AgentProcessIdAsync() => _agentProcessId.Task;

    /// <summary>Closes this process's end of the agent's lifeline, as the operating system does when this process dies.</summary>
    public void CloseLifeline() => _process.StandardInput.Close();

    private void Append(string? line)
    {
        if (line is null)
            return;
        if (line.StartsWith(PidLine, StringComparison.Ordinal) && int.TryParse(line.AsSpan(PidLine.Length), out var pid))
        {
            _agentProcessId.TrySetResult(pid);
            return;
        }

        lock (_output)
            _output.AppendLine(line);
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        // Each answer may take long on a crowded machine (the agent's first request is JIT-compiled): a 2 s bound per
        // request never let it answer at a load average of 150. Refused connections are retried until the deadline.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The card agent exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Url, "/v1/status"));
                request.Headers.Add("Origin", AllowedOrigin);
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // slow start on a busy machine
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"The card agent did not answer {Url}v1/status within 120 s:\n{Output}");
    }

    /// <summary>Inserts a card: copies its image into the demo reader folder (the agent re-reads it on every call).</summary>
    public string InsertCard(string cardImagePath, string? readerFileName = null)
    {
        var target = Path.Combine(CardsDirectory, readerFileName ?? Path.GetFileName(cardImagePath));
        File.Copy(cardImagePath, target, overwrite: true);
        return target;
    }

    /// <summary>
    /// Inserts a card of the test PKI by its leaf name (<c>org-gca-rsa</c>, <c>citizen-moica2-rsa</c> …, see
    /// docs/test-pki.md) into a reader named after it; the PKI's own copy stays untouched (PIN tries included).
    /// </summary>
    public string InsertCard(TestPki.PkiManifest pki, string leafName)
    {
        ArgumentNullException.ThrowIfNull(pki);
        return InsertCard(pki.PathOf(pki.Leaf(leafName).CardPath));
    }

    /// <summary>Removes the card of one reader (the file name without <c>.card.json</c>).</summary>
    public void RemoveCard(string readerFileName) =>
        File.Delete(Path.Combine(CardsDirectory, readerFileName.EndsWith(".card.json", StringComparison.Ordinal) ? readerFileName : readerFileName + ".card.json"));

    /// <summary>Removes every inserted card.</summary>
    public void RemoveAllCards()
    {
        foreach (var card in Directory.EnumerateFiles(CardsDirectory, "*.card.json"))
            File.Delete(card);
    }

    private readonly SemaphoreSlim _lent = new(1, 1);

    /// <summary>
    /// Lends the readers to one errand at a time (a staff sign-in's card step, which needs its holder's card alone):
    /// waits for any other errand, takes the inserted cards out, and returns a handle that, disposed, removes what the
    /// errand inserted and puts the cards back as they were (their images byte for byte, PIN tries included), so a test
    /// goes on with the cards it had.
    /// </summary>
    public async Task<IDisposable> LendReadersAsync()
    {
        await _lent.WaitAsync().ConfigureAwait(false);
        var setAside = Directory.EnumerateFiles(CardsDirectory, "*.card.json").ToDictionary(path => path, File.ReadAllBytes);
        RemoveAllCards();
        return new LentReaders(this, setAside);
    }

    private sealed class LentReaders(CardAgentProcess agent, Dictionary<string, byte[]> setAside) : IDisposable
    {
        private bool _returned;

        public void Dispose()
        {
            if (_returned)
                return;
            _returned = true;
            try
            {
                agent.RemoveAllCards();
                foreach (var (path, image) in setAside)
                    File.WriteAllBytes(path, image);
            }
            finally
            {
                agent._lent.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        finally
        {
            _process.Dispose();
        }
    }
}
