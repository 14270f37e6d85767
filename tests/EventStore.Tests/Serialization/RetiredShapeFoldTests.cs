using Domain.Common;
using Domain.Registration;
using EventStore.CommandHandling;
using EventStore.Serialization;
using EventStore.Sqlite;

namespace EventStore.Tests.Serialization;

/// <summary>An event stored in a retired shape, read back from a real store, folds as the current version.</summary>
public sealed class RetiredShapeFoldTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "evs-tests", Guid.NewGuid().ToString("N"));
    private SqliteEventStore _store = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _store = new SqliteEventStore(Path.Combine(_directory, "events.db"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_version_1_review_request_in_the_store_folds_as_version_2_and_the_decider_builds_on_it()
    {
        var registry = EventTypeRegistry.FromAssemblies(typeof(EventTypeAttribute).Assembly);
        var v1 = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Serialization", "Snapshots", "OidReviewRequested.v1.json"));
        await _store.AppendToStreamAsync("registration-12345", StreamState.NoStream,
            [new EventData(Guid.CreateVersion7(), "OidReviewRequested.v1", v1, new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), "applicant").ToJson())]);
        var handler = new CommandHandler<RegistrationDecider, AgencyRegistration, RegistrationCommand, RegistrationEvent>(_store, registry);

        var stored = (await _store.ReadStreamAsync("registration-12345", Direction.Forwards, StreamRevision.Start, 1)).Events.Single();
        var (state, revision) = (await handler.LoadStateAsync("registration-12345")).ShouldNotBeNull();

        stored.Type.ShouldBe("OidReviewRequested.v1");
        var read = registry.Deserialize(stored).ShouldBeOfType<OidReviewRequested>();
        (read.ApplicantPhone, read.ApplicantExtension).ShouldBe(("(02)2345-6789", "123"));
        (state.Version, revision).ShouldBe((1L, new StreamRevision(0)));
        var pending = state.PendingReview.ShouldNotBeNull();
        (pending.CaseNumber, pending.Oid, pending.Certificate).ShouldBe((1, "2.16.886.101.20003.20099", new CertificateKey("6B3E0F7A2C9D4E1F8A7B6C5D4E3F2A1B0C9D8E7F", "0A11")));
    }
}
