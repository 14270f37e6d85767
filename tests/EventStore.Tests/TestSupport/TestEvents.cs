using System.Text;

namespace EventStore.Tests.TestSupport;

/// <summary>Builds events and unique stream names for store tests.</summary>
public static class TestEvents
{
    public const string Type = "Counted.v1";

    public static string NewStream(string prefix = "test") => $"{prefix}-{Guid.NewGuid():N}";

    public static EventData One(int n = 0, Guid? id = null) => new(
        id ?? Guid.NewGuid(),
        Type,
        Encoding.UTF8.GetBytes($$"""{"n":{{n}}}"""),
        Encoding.UTF8.GetBytes($$"""{"correlationId":"{{Guid.NewGuid()}}","causationId":"{{Guid.NewGuid()}}","actor":"tester"}"""));

    public static EventData[] Many(int count, int first = 0) => Enumerable.Range(first, count).Select(n => One(n)).ToArray();

    public static int N(RecordedEvent recorded) =>
        System.Text.Json.JsonDocument.Parse(recorded.Data).RootElement.GetProperty("n").GetInt32();
}
