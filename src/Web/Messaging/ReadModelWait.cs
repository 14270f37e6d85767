using EventStore;
using Microsoft.Extensions.Options;
using ReadModels.Runner;
using Web.Hosting;

namespace Web.Messaging;

/// <summary>
/// Read-your-writes, in one place: waits until read models hold an event's position, for at most
/// <c>Web:ReadModelWait</c>. A page that shows its own write waits for the position its command returned; a check
/// that must see every write so far waits for the store's head. (With several web nodes, the position a command
/// returned is what the next request, on whichever node, waits for here.)
/// </summary>
public sealed class ReadModelWait(ProjectionRunner projections, IEventStore store, IOptions<WebOptions> options)
{
    /// <summary>What a page says when its change is saved but a list it shows does not hold it yet.</summary>
    public const string SavedNotShownYet = "變更已經儲存，但清單還在更新，稍後重新整理頁面就會看到。";

    /// <summary>How long a request waits at most (<c>Web:ReadModelWait</c>).</summary>
    public TimeSpan Bound => options.Value.ReadModelWait;

    /// <summary>
    /// True once every read model in <paramref name="readModels"/> (projection names) holds <paramref name="position"/>;
    /// false when <paramref name="bound"/> (default <see cref="Bound"/>) ran out first. The clock is the machine's:
    /// a bound is about real waiting, whatever the application's clock says.
    /// </summary>
    public async Task<bool> ForAsync(Position position, IReadOnlyCollection<string> readModels, CancellationToken cancellationToken, TimeSpan? bound = null)
    {
        ArgumentNullException.ThrowIfNull(readModels);
        if (readModels.Count == 0)
            return true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound ?? Bound);
        try
        {
            foreach (var name in readModels)
                await projections.WaitForCheckpointAsync(name, position, timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Behind (a rebuild, a busy machine): whatever was written stands; the read models catch up.
            return false;
        }
    }

    /// <summary>The same for every event written so far: a check that must see writes made elsewhere a moment ago.</summary>
    public async Task<bool> ForHeadAsync(IReadOnlyCollection<string> readModels, CancellationToken cancellationToken, TimeSpan? bound = null) =>
        await ForAsync(await store.ReadHeadPositionAsync(cancellationToken), readModels, cancellationToken, bound);
}
