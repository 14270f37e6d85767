using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Replay;

/// <summary>How far a long command has come: units done out of the total expected, and problems found so far.</summary>
public readonly record struct ProgressCount(long Done, long Total, int Problems = 0);

/// <summary>
/// Where the tool writes. The summary goes to <see cref="Output"/> (standard output), so it can be piped or kept.
/// Progress goes to the progress writer (standard error): a live bar when that is a terminal, otherwise one plain line
/// every <c>lineInterval</c> and one at the end, so logs and CI jobs get a readable trace instead of escape codes.
/// </summary>
public sealed class ReplayConsole(IAnsiConsole output, TextWriter progress, bool progressIsTerminal, TimeSpan lineInterval)
{
    public static readonly TimeSpan DefaultLineInterval = TimeSpan.FromSeconds(2);

    public IAnsiConsole Output { get; } = output ?? throw new ArgumentNullException(nameof(output));

    /// <summary>Runs <paramref name="work"/> and shows the progress it reports, as <paramref name="unit"/> (e.g. "events verified").</summary>
    public async Task<T> TrackAsync<T>(string unit, Func<IProgress<ProgressCount>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!progressIsTerminal)
        {
            var lines = new LineProgress(progress, unit, lineInterval);
            var result = await work(lines).ConfigureAwait(false);
            lines.WriteLine(final: true);
            return result;
        }

        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(progress),
            Interactive = InteractionSupport.Yes,
            Ansi = AnsiSupport.Detect,
        });
        T outcome = default!;
        await terminal.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(unit, maxValue: 1);
                outcome = await work(new BarProgress(task)).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Moves the bar as the work reports (ProgressTask is thread-safe).</summary>
    private sealed class BarProgress(ProgressTask task) : IProgress<ProgressCount>
    {
        public void Report(ProgressCount value)
        {
            task.MaxValue = Math.Max(1, Math.Max(value.Total, value.Done));
            task.Value = value.Done;
        }
    }

    /// <summary>
    /// Writes "12,345 / 1,000,000 events verified (1.2 %), 110,000/s" at most once per interval. Reports arrive on the
    /// worker's thread and are written there at once (not posted, as <see cref="Progress{T}"/> would), so lines keep their order.
    /// </summary>
    private sealed class LineProgress(TextWriter writer, string unit, TimeSpan interval) : IProgress<ProgressCount>
    {
        private readonly Lock _gate = new();
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private TimeSpan _lastLine;
        private ProgressCount _last;

        public void Report(ProgressCount value)
        {
            lock (_gate)
            {
                _last = value;
                if (_watch.Elapsed - _lastLine >= interval)
                    WriteLine(final: false);
            }
        }

        public void WriteLine(bool final)
        {
            lock (_gate)
            {
                _lastLine = _watch.Elapsed;
                var seconds = _watch.Elapsed.TotalSeconds;
                var rate = seconds > 0 ? _last.Done / seconds : 0;
                var share = _last.Total > 0 ? $" ({Math.Min(100, 100.0 * _last.Done / _last.Total):0.0} %)" : "";
                var problems = _last.Problems > 0 ? $", {_last.Problems:N0} broken so far" : "";
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(final ? "done: " : "")}{_last.Done:N0} / {Math.Max(_last.Total, _last.Done):N0} {unit}{share}, {rate:N0}/s{problems}"));
                writer.Flush();
            }
        }
    }
}
