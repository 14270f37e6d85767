using Domain.Certificates;
using EventStore.State;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;
using Pkix.Validation;
using Web.CardSteps;
using Web.State;

namespace Web.Tests.CardSteps;

/// <summary>Verified cards on a real SQLite state file, encrypted with real (ephemeral) data-protection keys.</summary>
public sealed class DatabaseVerifiedCardStoreTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-web-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteStateStore _state;
    private readonly DatabaseVerifiedCardStore _store;

    public DatabaseVerifiedCardStoreTests()
    {
        _state = new SqliteStateStore(Path.Combine(_folder, "events.state.db"), _clock);
        _store = new DatabaseVerifiedCardStore(_state, new StatePayload(new EphemeralDataProtectionProvider()));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private VerifiedCard Card(string step, string serial, CertificateKind kind = CertificateKind.Citizen) =>
        new(step, kind, new CertificateFacts(serial, "OU=內政部憑證管理中心,O=行政院,C=TW", "AB", "CN=王小明,C=TW", "王小明", null, null, "TW",
            _clock.GetUtcNow().AddYears(-1), _clock.GetUtcNow().AddYears(5), KeyUsageBits.DigitalSignature, [], null, "6789", kind, "00"), null, _clock.GetUtcNow());

    [Fact]
    public void Cards_of_a_session_come_back_most_recent_first_with_their_times()
    {
        _store.Remember("session-1", Card("organisation-card", "01", CertificateKind.Organisation));
        _clock.Advance(TimeSpan.FromMinutes(3));
        _store.Remember("session-1", Card("manager-card", "02"));

        var cards = _store.Recall("session-1");

        cards.Select(c => c.Step).ShouldBe(["manager-card", "organisation-card"]);
        (cards[0].VerifiedAt - cards[1].VerifiedAt).ShouldBe(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void A_card_verified_again_at_the_same_step_replaces_the_earlier_one()
    {
        _store.Remember("session-1", Card("manager-card", "01"));
        _store.Remember("session-1", Card("manager-card", "02"));

        _store.Recall("session-1").ShouldHaveSingleItem().Facts.SerialNumber.ShouldBe("02");
    }

    [Fact]
    public void Sessions_do_not_see_each_other_s_cards()
    {
        _store.Remember("session-1", Card("manager-card", "01"));

        _store.Recall("session-2").ShouldBeEmpty();
        _store.Recall("").ShouldBeEmpty();
    }

    [Fact]
    public void A_card_is_forgotten_after_the_retention_and_then_swept()
    {
        _store.Remember("session-1", Card("manager-card", "01"));
        _clock.Advance(DatabaseVerifiedCardStore.Retention - TimeSpan.FromSeconds(1));
        _store.Recall("session-1").ShouldHaveSingleItem();

        _clock.Advance(TimeSpan.FromSeconds(1));
        _store.Recall("session-1").ShouldBeEmpty();
        _state.Sweep().ShouldBe(1);
        _state.Count(StateKinds.VerifiedCard).ShouldBe(0);
    }

    [Fact]
    public void The_row_in_the_database_does_not_show_the_card_s_holder()
    {
        _store.Remember("session-1", Card("manager-card", "01"));

        var stored = System.Text.Encoding.UTF8.GetString(_state.Find(StateKinds.VerifiedCard, "session-1", "manager-card")!.Value);
        stored.ShouldNotContain("王小明");
        stored.ShouldNotContain("6789");
    }

    [Fact]
    public void Forget_drops_every_card_of_the_session()
    {
        _store.Remember("session-1", Card("manager-card", "01"));
        _store.Remember("session-2", Card("manager-card", "02"));

        _store.Forget("session-1");

        _store.Recall("session-1").ShouldBeEmpty();
        _store.Recall("session-2").ShouldHaveSingleItem();
    }
}
