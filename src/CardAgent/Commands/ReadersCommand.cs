using System.Text.Json.Serialization;
using CardAgent.Backends;

namespace CardAgent.Commands;

/// <summary>GET /v1/readers: every reader, whether a card is in it, the card's kind and ATR.</summary>
public sealed class ReadersCommand(ICardBackend backend)
{
    public Task<AgentResult<ReadersResponse>> HandleAsync() => Task.Run(() =>
        backend.ListReaders().Then<ReadersResponse>(readers => new ReadersResponse(
            readers.Select(r => new ReaderEntry(r.Name, r.CardPresent, r.CardKind, r.Atr)).ToList())));
}

/// <summary>The readers answer.</summary>
public sealed record ReadersResponse([property: JsonPropertyName("readers")] IReadOnlyList<ReaderEntry> Readers);

/// <summary>One reader in the readers answer.</summary>
public sealed record ReaderEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("cardPresent")] bool CardPresent,
    [property: JsonPropertyName("cardKind")] string? CardKind,
    [property: JsonPropertyName("atr")] string? Atr);
