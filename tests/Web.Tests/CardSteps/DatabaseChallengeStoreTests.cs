using Domain.Certificates.Cards;
using EventStore.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pkix.Validation;
using Web.CardSteps;

namespace Web.Tests.CardSteps;

/// <summary>The challenge store on a real SQLite state file (the PostgreSQL adapter's race is in the two-node tests).</summary>
public sealed class DatabaseChallengeStoreTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-web-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteStateStore _state;
    private readonly DatabaseChallengeStore _store;

    public DatabaseChallengeStoreTests()
    {
        _state = new SqliteStateStore(Path.Combine(_folder, "events.state.db"), _clock);
        _store = new DatabaseChallengeStore(_state, _clock);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_challenge_is_32_random_bytes_in_base64url()
    {
        var first = _store.Issue("session-1", "organisation-card");
        var second = _store.Issue("session-1", "organisation-card");

        first.Value.Length.ShouldBe(43);
        first.Value.ShouldMatch("^[A-Za-z0-9_-]{43}$");
        Convert.FromBase64String(first.Value.Replace('-', '+').Replace('_', '/') + "=").Length.ShouldBe(32);
        second.Value.ShouldNotBe(first.Value);
        first.ExpiresAt.ShouldBe(_clock.GetUtcNow().AddMinutes(5));
    }

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
        _store.Take("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "session-1", "organisation-card").Failure!.Check
            .ShouldBe(CardCheck.ChallengeUnknown);
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
    public void The_sweep_forgets_old_challenges_but_keeps_recent_ones()
    {
        var old = _store.Issue("session-1", "citizen-card");
        _clock.Advance(TimeSpan.FromMinutes(11));
        var recent = _store.Issue("session-1", "citizen-card");

        _state.Sweep().ShouldBe(1);

        _state.Count(StateKinds.Challenge).ShouldBe(1);
        _store.Take(old.Value, "session-1", "citizen-card").Failure!.Check.ShouldBe(CardCheck.ChallengeUnknown);
        _store.Take(recent.Value, "session-1", "citizen-card").Accepted.ShouldBeTrue();
    }

    [Fact]
    public void The_registration_provides_one_store_for_the_process()
    {
        var services = new ServiceCollection().AddSingleton<IStateStore>(_state).AddCardStepChallenges().BuildServiceProvider();

        services.GetRequiredService<IChallengeStore>().ShouldBeSameAs(services.GetRequiredService<IChallengeStore>());
        services.GetRequiredService<IChallengeStore>().ShouldBeOfType<DatabaseChallengeStore>();
    }
}
