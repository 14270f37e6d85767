using System.Text.Json.Serialization;
using CardAgent.Backends;
using Microsoft.Extensions.Options;

namespace CardAgent.Commands;

/// <summary>GET /v1/readers: every reader, whether a card is in it, the card's kind and ATR.</summary>
public sealed class ReadersCommand(ICardBackend backend, IOptions<AgentOptions> options)
{
    public async Task<AgentResult<ReadersResponse>> HandleAsync(CancellationToken cancellationToken = default)
    {
        // Telling the card kind reads each new card's certificate; a card that hangs must not hang the list.
        var listing = Task.Run(() => backend.ListReaders().Then<ReadersResponse>(readers => new ReadersResponse(
            readers.Select(r => new ReaderEntry(r.Name, r.CardPresent, r.CardKind, r.Atr)).ToList())), CancellationToken.None);
        try
        {
            return await listing.WaitAsync(TimeSpan.FromSeconds(options.Value.CardTimeoutSeconds), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return AgentError.Timeout();
        }
    }
}

/// <summary>The readers answer.</summary>
public sealed record ReadersResponse([property: JsonPropertyName("readers")] IReadOnlyList<ReaderEntry> Readers);

/// <summary>One reader in the readers answer.</summary>
public sealed record ReaderEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("cardPresent")] bool CardPresent,
    [property: JsonPropertyName("cardKind")] string? CardKind,
    [property: JsonPropertyName("atr")] string? Atr);
