using System.Globalization;
using EventStore.Checkpoints;
using EventStore.Integrity;
using Spectre.Console;

namespace Replay;

/// <summary><c>verify</c>: every hash chain of the store (or one stream's), with a progress bar, a summary and the breaks found.</summary>
internal static class VerifyCommand
{
    /// <summary>The summary lists at most this many breaks; the count says how many there are.</summary>
    private const int BreaksListed = 20;

    public static async Task<int> RunAsync(StoreLocation location, string? streamId, CheckpointSource? checkpoints, ReplayConsole console, CancellationToken cancellationToken)
    {
        var verifier = location.Verifier().WithCheckpoints(checkpoints);
        console.Output.MarkupLineInterpolated($"Verifying [bold]{(streamId is null ? "the whole store" : streamId)}[/] in {location.Description}");
        var report = await console.TrackAsync("events verified", progress => streamId is null
            ? verifier.VerifyStoreAsync(new VerifierProgress(progress), cancellationToken)
            : verifier.VerifyStreamAsync(streamId, cancellationToken)).ConfigureAwait(false);
        Summarise(report, console.Output);
        return report.IsIntact ? ReplayApp.Ok : ReplayApp.Broken;
    }

    private static void Summarise(IntegrityReport report, IAnsiConsole console)
    {
        var summary = new Table().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        summary.AddRow("events verified", N(report.EventsVerified));
        summary.AddRow("streams", N(report.StreamsVerified));
        summary.AddRow("last position", N(report.Head));
        summary.AddRow("broken links", report.IsIntact ? "[green]0[/]" : $"[red]{N(report.Breaks.Count)}[/]");
        summary.AddRow("elapsed", report.Elapsed.TotalSeconds.ToString("0.000 s", CultureInfo.InvariantCulture));
        summary.AddRow("events/s", N((long)report.EventsPerSecond));
        if (report.FirstBreak is { } first)
            summary.AddRow("first broken event", Markup.Escape(Place(first)));
        if (report.LastHash is { } lastHash)
            summary.AddRow("last hash", lastHash);
        if (report.Checkpoints is { } checkpoints)
        {
            summary.AddRow("checkpoints read / trusted", $"{N(checkpoints.Read)} / {N(checkpoints.Trusted)}");
            if (checkpoints.Latest is { } latest)
                summary.AddRow("latest checkpoint", Markup.Escape($"#{latest.Body.Sequence} at position {latest.Body.Position:N0}, {latest.Body.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, key {latest.KeyId}"));
        }

        console.Write(summary);

        if (report.IsIntact)
        {
            console.MarkupLine(report.Checkpoints is { } proven
                ? $"[green]intact[/]: every hash chain verifies; {Markup.Escape(proven.Statement(intact: true))}."
                : "[green]intact[/]: every hash chain verifies (no checkpoints given: this proves the history consistent with itself, not unchanged).");
            return;
        }

        var breaks = new Table().AddColumn("stream").AddColumn("revision").AddColumn("position").AddColumn("kind").AddColumn("expected").AddColumn("found");
        foreach (var broken in report.Breaks.Take(BreaksListed))
        {
            breaks.AddRow(
                Markup.Escape(broken.StreamId ?? "—"),
                broken.Revision?.ToString(CultureInfo.InvariantCulture) ?? "—",
                broken.Position?.ToString(CultureInfo.InvariantCulture) ?? "—",
                broken.Kind.ToString(),
                Markup.Escape(broken.Expected),
                Markup.Escape(broken.Found));
        }

        console.Write(breaks);
        if (report.Breaks.Count > BreaksListed)
            console.MarkupLineInterpolated($"… and {report.Breaks.Count - BreaksListed} more.");
        console.MarkupLineInterpolated($"[red]BROKEN[/]: first broken event {Place(report.FirstBreak!)} ({report.FirstBreak!.Kind})");
        if (report.Checkpoints is { } checkpointSummary)
            console.MarkupLineInterpolated($"checkpoints: {checkpointSummary.Statement(intact: false)}.");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Where a break is, as an auditor looks it up: stream, revision and global position (rows that are gone have no stream).</summary>
    private static string Place(ChainBreak broken) => broken.StreamId is null || broken.Revision is null && broken.Kind == ChainBreakKind.CheckpointInvalid
        ? $"at position {broken.Position?.ToString(CultureInfo.InvariantCulture)}"
        : $"stream {broken.StreamId}, revision {broken.Revision?.ToString(CultureInfo.InvariantCulture) ?? "?"}, position {broken.Position?.ToString(CultureInfo.InvariantCulture) ?? "(row gone)"}";

    private sealed class VerifierProgress(IProgress<ProgressCount> display) : IProgress<IntegrityProgress>
    {
        public void Report(IntegrityProgress value) => display.Report(new ProgressCount(value.EventsVerified, value.EventsTotal, value.BreaksFound));
    }
}
