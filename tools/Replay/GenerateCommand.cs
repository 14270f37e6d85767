using System.Diagnostics;
using System.Globalization;
using Domain.Common;
using EventStore.Serialization;
using Spectre.Console;

namespace Replay;

/// <summary><c>generate</c>: fills an empty store with <see cref="SyntheticHistory"/> (for drills and the verify benchmark).</summary>
internal static class GenerateCommand
{
    public static async Task<int> RunAsync(StoreLocation location, long events, long seed, ReplayConsole console, CancellationToken cancellationToken)
    {
        var store = location.Open(mayCreate: true);
        await using (store.ConfigureAwait(false))
        {
            var registry = EventTypeRegistry.FromAssemblies(typeof(EventTypeAttribute).Assembly);
            var watch = Stopwatch.StartNew();
            (long Events, int Streams) written;
            try
            {
                written = await console.TrackAsync("events written", progress =>
                    SyntheticHistory.WriteAsync(store, registry, events, (int)seed, new CountProgress(progress, events), cancellationToken)).ConfigureAwait(false);
            }
            catch (InvalidOperationException refused)
            {
                console.Output.MarkupLineInterpolated($"[red]{refused.Message}[/]");
                return ReplayApp.Broken;
            }

            console.Output.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"wrote {written.Events:N0} events in {written.Streams:N0} registration streams to {location.Description} in {watch.Elapsed.TotalSeconds:0.0} s");
            return ReplayApp.Ok;
        }
    }

    private sealed class CountProgress(IProgress<ProgressCount> display, long total) : IProgress<long>
    {
        public void Report(long value) => display.Report(new ProgressCount(value, total));
    }
}
