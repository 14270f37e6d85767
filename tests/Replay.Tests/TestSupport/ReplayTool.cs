using Microsoft.Data.Sqlite;
using Spectre.Console;

namespace Replay.Tests.TestSupport;

/// <summary>What one in-process run of the tool left behind: its exit code, its standard output and its progress stream.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Progress);

/// <summary>Runs the tool's entry point in-process on a SQLite store file of its own (deleted afterwards), as a script would: output and progress captured, progress not a terminal.</summary>
public sealed class ReplayTool : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "evs-replay-tests", Guid.NewGuid().ToString("N"));

    public ReplayTool()
    {
        Directory.CreateDirectory(_directory);
        StorePath = Path.Combine(_directory, "events.db");
    }

    public string StorePath { get; }

    public async Task<ToolRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var progress = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 400;
        var exitCode = await ReplayApp.RunAsync(args, new ReplayConsole(console, progress, progressIsTerminal: false, lineInterval: TimeSpan.Zero), CancellationToken.None);
        return new ToolRun(exitCode, output.ToString(), progress.ToString());
    }

    /// <summary>Runs SQL straight on the store file, behind the store's back.</summary>
    public async Task<List<object[]>> SqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
