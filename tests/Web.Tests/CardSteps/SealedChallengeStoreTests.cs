using Domain.Certificates.Cards;
using EventStore.State;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pkix.Validation;
using Web.CardSteps;

namespace Web.Tests.CardSteps;

/// <summary>The challenge store on a real SQLite state file (the PostgreSQL adapter's race is in the two-node tests).</summary>
public sealed class SealedChallengeStoreTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-web-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteStateStore _state;
    private readonly EphemeralDataProtectionProvider _keyRing = new();
    private readonly SealedChallengeStore _store;

    public SealedChallengeStoreTests()
    {
        _state = new SqliteStateStore(Path.Combine(_folder, "events.state.db"), _clock);
        _store = new SealedChallengeStore(_state, _keyRing, _clock);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_challenge_is_71_base64url_characters_with_16_random_bytes_and_issuing_it_writes_nothing()
    {
        _store.Issue("session-1", "organisation-card"); // the first one makes the shared key
        var rows = _state.Count(StateKinds.Challenge) + _state.Count(StateKinds.ChallengeKey);

        var first = _store.Issue("session-1", "organisation-card");
        var second = _store.Issue("session-1", "organisation-card");

        first.Value.ShouldMatch("^[A-Za-z0-9_-]{71}$");
        Decode(first.Value).AsSpan(9, 16).SequenceEqual(Decode(second.Value).AsSpan(9, 16)).ShouldBeFalse("the random part differs");
        second.Value.ShouldNotBe(first.Value);
        first.ExpiresAt.ShouldBe(_clock.GetUtcNow().AddMinutes(5));
        (_state.Count(StateKinds.Challenge) + _state.Count(StateKinds.ChallengeKey)).ShouldBe(rows, "a card-step page costs no database write");
    }

    [Theory]
    [InlineData(1)]  // the expiry, moved later
    [InlineData(20)] // the random part
    [InlineData(30)] // the session tag
    [InlineData(52)] // the issuer's tag
    public void A_challenge_altered_anywhere_is_unknown(int byteIndex)
    {
        var bytes = Decode(_store.Issue("session-1", "citizen-card").Value);
        bytes[byteIndex] ^= 0x01;

        _store.Take(System.Buffers.Text.Base64Url.EncodeToString(bytes), "session-1", "citizen-card").Failure!.Check.ShouldBe(CardCheck.ChallengeUnknown);
        _state.Count(StateKinds.Challenge).ShouldBe(0, "an unknown challenge spends nothing");
    }

    [Fact]
    public void Another_node_with_the_same_state_and_key_ring_accepts_the_challenge_once()
    {
        var other = new SealedChallengeStore(_state, _keyRing, _clock);
        var challenge = _store.Issue("session-1", "citizen-card");

        other.Take(challenge.Value, "session-1", "citizen-card").Accepted.ShouldBeTrue();
        _store.Take(challenge.Value, "session-1", "citizen-card").Failure!.Check.ShouldBe(CardCheck.ChallengeUsed);
    }

    [Fact]
    public void A_key_sealed_under_a_key_ring_this_deployment_lost_is_replaced()
    {
        _store.Issue("session-1", "citizen-card");
        var restored = new SealedChallengeStore(_state, new EphemeralDataProtectionProvider(), _clock);

        var challenge = restored.Issue("session-1", "citizen-card");

        restored.Take(challenge.Value, "session-1", "citizen-card").Accepted.ShouldBeTrue();
        _state.Count(StateKinds.ChallengeKey).ShouldBe(1);
    }

    private static byte[] Decode(string challenge) => System.Buffers.Text.Base64Url.DecodeFromChars(challenge);

    [Fact]
    public void A_challenge_is_accepted_once_for_its_session_and_step()
    {
        var challenge = _store.Issue("session-1", "organisation-card");

        _store.Take(challenge.Value, "session-1", "organisation-card").Accepted.ShouldBeTrue();
        _store.Take(challenge.Value, "session-1", "organisation-card").Failure!.Check.ShouldBe(CardCheck.ChallengeUsed);
    }

    [Fact]
    public void A_challenge_never_issued_is_unknown()
    {
        _store.Take(new string('A', 71), "session-1", "organisation-card").Failure!.Check.ShouldBe(CardCheck.ChallengeUnknown);
        _store.Take(new string('A', 43), "session-1", "organisation-card").Failure!.Check.ShouldBe(CardCheck.ChallengeUnknown);
        _store.Take("not base64url!", "session-1", "organisation-card").Failure!.Check.ShouldBe(CardCheck.ChallengeUnknown);
        _store.Take("", "session-1", "organisation-card").Failure!.Check.ShouldBe(CardCheck.ChallengeUnknown);
    }

    [Fact]
    public void A_challenge_expires_after_five_minutes()
    {
        var challenge = _store.Issue("session-1", "citizen-card");
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var take = _store.Take(challenge.Value, "session-1", "citizen-card");

        take.Accepted.ShouldBeFalse();
        take.Failure!.Check.ShouldBe(CardCheck.ChallengeExpired);
        take.Failure.Message.ShouldContain("5 分鐘");
    }

    [Fact]
    public void A_challenge_is_still_good_just_before_five_minutes()
    {
        var challenge = _store.Issue("session-1", "citizen-card");
        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        _store.Take(challenge.Value, "session-1", "citizen-card").Accepted.ShouldBeTrue();
    }

    [Fact]
    public void Another_session_cannot_use_or_burn_the_challenge()
    {
        var challenge = _store.Issue("session-1", "citizen-card");

        _store.Take(challenge.Value, "session-2", "citizen-card").Failure!.Check.ShouldBe(CardCheck.ChallengeWrongSession);
        _store.Take(challenge.Value, "session-1", "citizen-card").Accepted.ShouldBeTrue();
    }

    [Fact]
    public void A_challenge_issued_for_one_step_is_refused_at_another()
    {
        var challenge = _store.Issue("session-1", "organisation-card");

        _store.Take(challenge.Value, "session-1", "citizen-card").Failure!.Check.ShouldBe(CardCheck.ChallengeWrongStep);
        _store.Take(challenge.Value, "session-1", "organisation-card").Accepted.ShouldBeTrue();
    }

    [Fact]
    public async Task Concurrent_takes_accept_exactly_one()
    {
        var challenge = _store.Issue("session-1", "citizen-card");
        using var start = new ManualResetEventSlim();
        var takes = Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return _store.Take(challenge.Value, "session-1", "citizen-card");
        })).ToList();
        start.Set();

        var results = await Task.WhenAll(takes);

        results.Count(r => r.Accepted).ShouldBe(1);
        results.Where(r => !r.Accepted).ShouldAllBe(r => r.Failure!.Check == CardCheck.ChallengeUsed);
    }

    [Fact]
    public void A_spent_challenge_is_remembered_until_a_minute_after_it_expires_then_swept_and_still_refused()
    {
        var spent = _store.Issue("session-1", "citizen-card");
        _store.Take(spent.Value, "session-1", "citizen-card").Accepted.ShouldBeTrue();
        _clock.Advance(TimeSpan.FromMinutes(4));
        var recent = _store.Issue("session-1", "citizen-card");
        _store.Take(recent.Value, "session-1", "citizen-card").Accepted.ShouldBeTrue();

        _clock.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        _state.Sweep().ShouldBe(0, "until a minute past its expiry, the first is still remembered");
        _clock.Advance(TimeSpan.FromSeconds(2));
        _state.Sweep().ShouldBe(1);

        _state.Count(StateKinds.Challenge).ShouldBe(1);
        _store.Take(spent.Value, "session-1", "citizen-card").Failure!.Check.ShouldBe(CardCheck.ChallengeExpired);
        _store.Take(recent.Value, "session-1", "citizen-card").Failure!.Check.ShouldBe(CardCheck.ChallengeUsed);
        _state.Count(StateKinds.ChallengeKey).ShouldBe(1, "the key is never swept");
    }

    [Fact]
    public void A_replay_with_the_rotated_session_id_is_told_the_challenge_was_used()
    {
        var challenge = _store.Issue("session-1", "citizen-card");
        _store.Take(challenge.Value, "session-1", "citizen-card").Accepted.ShouldBeTrue();

        _store.Take(challenge.Value, "session-2", "citizen-card").Failure!.Check.ShouldBe(CardCheck.ChallengeUsed);
    }

    [Fact]
    public void The_registration_provides_one_store_for_the_process()
    {
        var services = new ServiceCollection().AddSingleton<IStateStore>(_state).AddDataProtection().Services.AddCardStepChallenges().BuildServiceProvider();

        services.GetRequiredService<IChallengeStore>().ShouldBeSameAs(services.GetRequiredService<IChallengeStore>());
        services.GetRequiredService<IChallengeStore>().ShouldBeOfType<SealedChallengeStore>();
    }
}
