using System.Diagnostics;
using System.Globalization;
using Domain.Common;
using Domain.Registration;
using EventStore;
using EventStore.Serialization;
using Spectre.Console;

namespace Replay;

/// <summary>
/// <c>replay</c>: reads <c>$all</c> through the store's port (what the application reads, old shapes upcast) and folds
/// every <c>registration-*</c> stream with <see cref="AgencyRegistration.Evolve"/>, proving each still folds; a stream
/// that does not is reported with the event that stopped it and is not folded further.
/// </summary>
internal static class FoldCommand
{
    private const int PageSize = 4096;
    private const string RegistrationPrefix = "registration-";

    public static async Task<int> RunAsync(StoreLocation location, ReplayConsole console, CancellationToken cancellationToken)
    {
        var store = location.Open();
        await using (store.ConfigureAwait(false))
        {
            var registry = EventTypeRegistry.FromAssemblies(typeof(EventTypeAttribute).Assembly);
            console.Output.MarkupLineInterpolated($"Replaying registration streams of {location.Description}");
            var fold = new RegistrationFold(registry);
            var watch = Stopwatch.StartNew();
            await console.TrackAsync("events replayed", async progress =>
            {
                var head = (await store.ReadHeadPositionAsync(cancellationToken).ConfigureAwait(false)).Value;
                var from = new Position(1);
                while (true)
                {
                    var page = await store.ReadAllAsync(Direction.Forwards, from, PageSize, cancellationToken).ConfigureAwait(false);
                    foreach (var recorded in page)
                        fold.Apply(recorded);
                    if (page.Count > 0)
                        from = new Position(page[^1].Position.Value + 1);
                    progress.Report(new ProgressCount(Math.Min(head, from.Value - 1), head, fold.Failures.Count));
                    if (page.Count < PageSize)
                        return fold.EventsRead;
                }
            }).ConfigureAwait(false);
            watch.Stop();
            Summarise(fold, watch.Elapsed, console.Output);
            return fold.Failures.Count == 0 ? ReplayApp.Ok : ReplayApp.Broken;
        }
    }

    private static void Summarise(RegistrationFold fold, TimeSpan elapsed, IAnsiConsole console)
    {
        var summary = new Table().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        summary.AddRow("events read", N(fold.EventsRead));
        summary.AddRow("registration streams", N(fold.States.Count));
        summary.AddRow("registration events folded", N(fold.EventsFolded));
        summary.AddRow("other events (not folded here)", N(fold.EventsRead - fold.EventsFolded - fold.Failures.Count));
        summary.AddRow("registered agencies", N(fold.States.Values.Count(s => s.IsRegistered)));
        summary.AddRow("active grants", N(fold.States.Values.Sum(s => s.ActiveGrants.Count())));
        summary.AddRow("reviews pending", N(fold.States.Values.Count(s => s.PendingReview is not null)));
        summary.AddRow("streams that do not fold", fold.Failures.Count == 0 ? "[green]0[/]" : $"[red]{N(fold.Failures.Count)}[/]");
        summary.AddRow("elapsed", elapsed.TotalSeconds.ToString("0.000 s", CultureInfo.InvariantCulture));
        summary.AddRow("events/s", N(elapsed > TimeSpan.Zero ? (long)(fold.EventsRead / elapsed.TotalSeconds) : 0));
        console.Write(summary);
        if (fold.Failures.Count == 0)
        {
            console.MarkupLine("[green]every registration stream folds[/].");
            return;
        }

        var failures = new Table().AddColumn("stream").AddColumn("revision").AddColumn("position").AddColumn("type").AddColumn("why");
        foreach (var failure in fold.Failures)
        {
            failures.AddRow(Markup.Escape(failure.StreamId), failure.Revision.ToString(CultureInfo.InvariantCulture),
                failure.Position.ToString(CultureInfo.InvariantCulture), Markup.Escape(failure.Type), Markup.Escape(failure.Reason));
        }

        console.Write(failures);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>Folds registration streams event by event; the first event a stream cannot take ends that stream's fold.</summary>
internal sealed class RegistrationFold(EventTypeRegistry registry)
{
    public Dictionary<string, AgencyRegistration> States { get; } = new(StringComparer.Ordinal);

    public List<FoldFailure> Failures { get; } = [];

    public long EventsRead { get; private set; }

    public long EventsFolded { get; private set; }

    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);

    public void Apply(RecordedEvent recorded)
    {
        EventsRead++;
        if (!recorded.StreamId.StartsWith("registration-", StringComparison.Ordinal) || _stopped.Contains(recorded.StreamId))
            return;
        var state = States.GetValueOrDefault(recorded.StreamId, AgencyRegistration.Initial);
        try
        {
            if (!registry.TryDeserialize(recorded, out var @event))
                throw new InvalidOperationException($"the type {recorded.Type} is neither registered nor upcast");
            if (@event is not RegistrationEvent registration)
                throw new InvalidOperationException($"{recorded.Type} is not an event of the registration stream");
            States[recorded.StreamId] = AgencyRegistration.Evolve(state, registration);
            EventsFolded++;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Text.Json.JsonException or KeyNotFoundException or NotSupportedException)
        {
            _stopped.Add(recorded.StreamId);
            States.TryAdd(recorded.StreamId, state);
            Failures.Add(new FoldFailure(recorded.StreamId, recorded.Revision.Value, recorded.Position.Value, recorded.Type, e.Message));
        }
    }
}

/// <summary>The event a stream's fold stopped at, and why.</summary>
internal sealed record FoldFailure(string StreamId, long Revision, long Position, string Type, string Reason);
