using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Domain.Common;
using Domain.Registration;
using EventStore.Serialization;

namespace EventStore.Tests.Serialization;

/// <summary>
/// Pins the stored JSON of every event type the application registers, byte for byte, against a checked-in file
/// per stored name (Snapshots/&lt;Name&gt;.v&lt;n&gt;.json). A changed shape fails here: it must become a new version
/// with an upcaster. Retired shapes keep their snapshot, which must still read as the current record.
/// </summary>
public sealed class EventJsonSnapshotTests
{
    private const string WriteVariable = "EVS_WRITE_SNAPSHOTS";
    private static readonly EventTypeRegistry Registry = EventTypeRegistry.FromAssemblies(typeof(EventTypeAttribute).Assembly);
    private static readonly DateTimeOffset ExampleInstant = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public static TheoryData<string> StoredNames => new(Registry.StoredNames.Order(StringComparer.Ordinal));

    private static string SnapshotDirectory => Path.Combine(RepositoryRoot(), "tests", "EventStore.Tests", "Serialization", "Snapshots");

    [Theory]
    [MemberData(nameof(StoredNames))]
    public void The_stored_json_of_every_event_type_matches_its_snapshot(string storedName)
    {
        Registry.TryResolveType(storedName, out var type).ShouldBeTrue();
        var json = Registry.ToEventData(Example(type!), Guid.Empty, new EventMetadata(Guid.Empty, Guid.Empty, "snapshot")).Data.ToArray();
        var expected = json.Concat("\n"u8.ToArray()).ToArray();
        var file = Path.Combine(SnapshotDirectory, $"{storedName}.json");

        if (!File.Exists(file) && Environment.GetEnvironmentVariable(WriteVariable) == "1")
            File.WriteAllBytes(file, expected);
        File.Exists(file).ShouldBeTrue(
            $"{storedName} has no snapshot. Run `{WriteVariable}=1 dotnet test tests/EventStore.Tests --filter EventJsonSnapshotTests` to write " +
            $"{Path.GetRelativePath(RepositoryRoot(), file)}, read it, and commit it with the new event type.");
        Encoding.UTF8.GetString(File.ReadAllBytes(file)).ShouldBe(Encoding.UTF8.GetString(expected),
            $"The stored JSON of {storedName} changed. Events already stored keep the old shape: keep {storedName} as it was and add the new " +
            "shape as the next version with an upcaster (docs/event-store.md, \"Types, upcasting and commands\"). The snapshot is only rewritten by deleting it.");
    }

    [Fact]
    public void Every_snapshot_belongs_to_a_registered_event_type_or_to_a_retired_shape_that_still_reads()
    {
        foreach (var file in Directory.GetFiles(SnapshotDirectory, "*.json"))
        {
            var storedName = Path.GetFileNameWithoutExtension(file);
            Registry.TryResolveType(storedName, out var type).ShouldBeTrue($"{storedName}.json pins a stored name nothing registers or upcasts");
            var stored = new RecordedEvent(new Position(1), "snapshot", StreamRevision.Start, Guid.Empty, storedName,
                File.ReadAllBytes(file).AsMemory().TrimEnd("\n"u8.ToArray()), EventData.EmptyMetadata, ExampleInstant, HashChain.Genesis, HashChain.Genesis);

            Registry.Deserialize(stored).ShouldBeOfType(type!);
        }
    }

    [Fact]
    public void A_stored_version_1_review_request_reads_as_version_2_with_the_extension_apart()
    {
        var v1 = File.ReadAllBytes(Path.Combine(SnapshotDirectory, "OidReviewRequested.v1.json"));
        var stored = new RecordedEvent(new Position(1), "registration-12345", StreamRevision.Start, Guid.Empty, "OidReviewRequested.v1",
            v1, EventData.EmptyMetadata, ExampleInstant, HashChain.Genesis, HashChain.Genesis);

        var upcast = Registry.Deserialize(stored).ShouldBeOfType<OidReviewRequested>();

        JsonNode.Parse(v1)!["applicantPhone"]!.GetValue<string>().ShouldBe("(02)2345-6789#123");
        (upcast.ApplicantPhone, upcast.ApplicantExtension).ShouldBe(("(02)2345-6789", "123"));
        upcast.CaseNumber.ShouldBe(1);
        upcast.Certificate.AgencyOid.ShouldBe("2.16.886.101.20003.20099");
        upcast.ExpectedOids.ShouldBe(["2.16.886.101.20003.20012"]);
    }

    [Fact]
    public void A_stored_version_1_lockout_reads_as_version_2_locking_the_whole_account()
    {
        var v1 = File.ReadAllBytes(Path.Combine(SnapshotDirectory, "PasswordAccountLockedOut.v1.json"));
        var stored = new RecordedEvent(new Position(1), "account-reviewer", StreamRevision.Start, Guid.Empty, "PasswordAccountLockedOut.v1",
            v1, EventData.EmptyMetadata, ExampleInstant, HashChain.Genesis, HashChain.Genesis);

        var upcast = Registry.Deserialize(stored).ShouldBeOfType<Domain.Accounts.PasswordAccountLockedOut>();

        upcast.From.ShouldBeNull();
        Domain.Accounts.PasswordAccount.Evolve(Domain.Accounts.PasswordAccount.Initial, upcast).IsLockedAt(upcast.LockedUntil.AddSeconds(-1), "10.0.0.5").ShouldBeTrue();
    }

    [Theory]
    [InlineData("GrantIssued.v1", typeof(HandlerGrantIssued))]
    [InlineData("GrantModified.v1", typeof(HandlerGrantModified))]
    public void A_stored_version_1_grant_reads_as_version_2_without_an_issuer(string storedName, Type current)
    {
        var v1 = File.ReadAllBytes(Path.Combine(SnapshotDirectory, storedName + ".json"));
        var stored = new RecordedEvent(new Position(1), "registration-12345", StreamRevision.Start, Guid.Empty, storedName,
            v1, EventData.EmptyMetadata, ExampleInstant, HashChain.Genesis, HashChain.Genesis);

        var upcast = Registry.Deserialize(stored);

        upcast.ShouldBeOfType(current);
        var (serial, issuer) = upcast switch
        {
            HandlerGrantIssued issued => (issued.HandlerCertificateSerial, issued.HandlerIssuerKeyId),
            HandlerGrantModified modified => (modified.HandlerCertificateSerial, modified.HandlerIssuerKeyId),
            _ => throw new InvalidOperationException(),
        };
        serial.ShouldBe(JsonNode.Parse(v1)!["handlerCertificateSerial"]!.GetValue<string>());
        issuer.ShouldBeNull("a v1 grant matches the handler by serial and person only");
    }

    /// <summary>
    /// A deterministic example of any event record, made from its constructor: strings name their property (with a
    /// zh-TW character, so the escaping is pinned too), numbers count the parameters, instants step from one fixed
    /// time, lists hold two items, nested records recurse.
    /// A new event type gets an example without anyone writing one.
    /// </summary>
    private static object Example(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select((p, i) => Value(p.ParameterType, p.Name!, i)).ToArray();
        return constructor.Invoke(arguments);
    }

    private static object? Value(Type type, string name, int index)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(string) => $"{name}-值",
            _ when underlying == typeof(int) => index + 1,
            _ when underlying == typeof(long) => (long)index + 1,
            _ when underlying == typeof(bool) => true,
            _ when underlying == typeof(decimal) => index + 0.5m,
            _ when underlying == typeof(DateTimeOffset) => ExampleInstant.AddMinutes(index),
            _ when underlying == typeof(DateOnly) => DateOnly.FromDateTime(ExampleInstant.UtcDateTime).AddDays(index),
            _ when underlying == typeof(Guid) => new Guid(index + 1, 0, 0, new byte[8]),
            _ when underlying.IsEnum => Enum.GetValues(underlying).GetValue(0),
            _ when underlying.IsGenericType && underlying.GetGenericArguments() is [var item] && typeof(IEnumerable<>).MakeGenericType(item).IsAssignableFrom(underlying) =>
                ListOf(item, name),
            _ when underlying.IsClass => Example(underlying),
            _ => throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"no example value for {underlying} ({name}); teach {nameof(EventJsonSnapshotTests)}.{nameof(Value)} this type")),
        };
    }

    private static object ListOf(Type item, string name)
    {
        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
        list.Add(Value(item, $"{name}1", 0));
        list.Add(Value(item, $"{name}2", 1));
        return list;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventSourced.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"EventSourced.sln not found above {AppContext.BaseDirectory}");
    }
}
