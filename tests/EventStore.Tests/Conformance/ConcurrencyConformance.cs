using System.Collections.Concurrent;
using System.Text;
using EventStore.Tests.TestSupport;

namespace EventStore.Tests.Conformance;

/// <summary>
/// Concurrency proof: 8 writers on two store instances append to many quiet streams and three hot streams
/// (exact expectations, retried on conflict) while a subscriber runs throughout. Afterwards the subscriber
/// has seen every acknowledged event exactly once, in position order, and every position is accounted for.
/// </summary>
public abstract class ConcurrencyConformance(IStoreFixture fixture)
{
    private const int Writers = 8;
    private const int AppendsPerWriter = 150;

    private sealed record Acknowledged(string Stream, Guid[] EventIds, AppendResult Result);

    [Fact]
    public async Task Concurrent_writers_and_a_live_subscriber_agree_on_every_event_exactly_once_in_position_order()
    {
        var second = fixture.OpenAnother();
        var seen = new List<RecordedEvent>();
        long delivered = 0;
        using var stop = new CancellationTokenSource();
        var subscriber = Task.Run(async () =>
        {
            await foreach (var message in fixture.Store.SubscribeToAllAsync(FromAll.Start, stop.Token))
            {
                if (message is SubscriptionMessage.Event { Recorded: var e })
                {
                    seen.Add(e);
                    Volatile.Write(ref delivered, e.Position.Value);
                }
            }
        }, stop.Token);

        var acknowledged = new ConcurrentBag<Acknowledged>();
        var conflicts = 0;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var store = w % 2 == 0 ? fixture.Store : second;
            var random = new Random(w);
            for (var i = 0; i < AppendsPerWriter; i++)
            {
                var hot = random.Next(10) < 3;
                var stream = hot ? $"hot-{random.Next(3)}" : $"quiet-{w}-{random.Next(20)}";
                var events = Enumerable.Range(0, random.Next(1, 4)).Select(k => new EventData(
                    Guid.NewGuid(), "Written.v1", Encoding.UTF8.GetBytes($$"""{"writer":{{w}},"append":{{i}},"k":{{k}}}"""), EventData.EmptyMetadata)).ToArray();
                while (true)
                {
                    var current = await store.ReadStreamAsync(stream, Direction.Backwards, StreamRevision.End, 1);
                    var expected = current.Status == ReadStatus.Ok ? StreamState.At(current.LastRevision!.Value) : StreamState.NoStream;
                    try
                    {
                        acknowledged.Add(new Acknowledged(stream, events.Select(e => e.EventId).ToArray(), await store.AppendToStreamAsync(stream, expected, events)));
                        break;
                    }
                    catch (WrongExpectedVersionException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(writers);
        var head = await fixture.Store.ReadHeadPositionAsync();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (Volatile.Read(ref delivered) < head.Value && DateTime.UtcNow < deadline && !subscriber.IsCompleted)
            await Task.Delay(20);
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => subscriber);

        var expectedEvents = acknowledged.Sum(a => a.EventIds.Length);
        head.Value.ShouldBe(expectedEvents);
        seen.Select(e => e.Position.Value).ShouldBe(Enumerable.Range(1, expectedEvents).Select(p => (long)p));
        seen.Select(e => e.EventId).ToHashSet().SetEquals(acknowledged.SelectMany(a => a.EventIds)).ShouldBeTrue();
        foreach (var a in acknowledged)
        {
            var last = seen[(int)a.Result.Position.Value - 1];
            last.EventId.ShouldBe(a.EventIds[^1]);
            last.StreamId.ShouldBe(a.Stream);
            last.Revision.ShouldBe(a.Result.NextExpectedRevision);
        }

        foreach (var stream in seen.GroupBy(e => e.StreamId))
        {
            stream.Select(e => e.Revision.Value).ShouldBe(Enumerable.Range(0, stream.Count()).Select(r => (long)r), $"revisions of {stream.Key}");
            HashChain.Verify(stream).IsIntact.ShouldBeTrue($"hash chain of {stream.Key}");
        }

        conflicts.ShouldBeGreaterThan(0, "the hot streams should have produced conflicts that were retried");
    }
}
