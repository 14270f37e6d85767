using Microsoft.Extensions.Options;
using Web.Authentication.Passwords;

namespace Web.Tests.Authentication;

public class PasswordHasherTests
{
    /// <summary>
    /// A cost well above the minimum and far below production's, for the tests that are not about the cost: at the
    /// production cost each hash is a second of CPU on this machine. The cost itself is asserted at production values
    /// (the first test here, and ProductionPasswordCostTests signs in with it).
    /// </summary>
    private static PasswordHasher CheapHasher() => Hasher(memoryKiB: 8192, iterations: 1);

    private static PasswordHasher Hasher(int? memoryKiB = null, int? iterations = null)
    {
        var options = new PasswordOptions();
        options.MemoryKiB = memoryKiB ?? options.MemoryKiB;
        options.Iterations = iterations ?? options.Iterations;
        return new PasswordHasher(Options.Create(options));
    }

    [Fact]
    public async Task Hashes_are_Argon2id_PHC_strings_with_the_configured_cost_and_a_fresh_salt()
    {
        using var hasher = Hasher();

        var first = await hasher.HashAsync("correct horse");
        var second = await hasher.HashAsync("correct horse");

        first.ShouldStartWith("$argon2id$v=19$m=65536,t=2,p=1$");
        first.ShouldNotBe(second);
        first.ShouldNotContain("correct horse");
    }

    [Fact]
    public void A_hashing_thread_runs_at_a_lower_CPU_priority_than_the_threads_serving_requests()
    {
        // Linux keeps a niceness per thread: field 19 of /proc/thread-self/stat.
        static int Niceness() => int.Parse(File.ReadAllText("/proc/thread-self/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[16], System.Globalization.CultureInfo.InvariantCulture);
        int before = 0, after = 0;
        var thread = new Thread(() =>
        {
            before = Niceness();
            HashingThreadPriority.Lower();
            after = Niceness();
        });
        thread.Start();
        thread.Join();

        after.ShouldBeGreaterThan(before);
        Niceness().ShouldBe(before, "only the hashing thread is lowered");
    }

    [Fact]
    public async Task The_right_password_verifies_and_a_wrong_one_does_not()
    {
        using var hasher = CheapHasher();
        var hash = await hasher.HashAsync("correct horse");

        (await hasher.VerifyAsync(hash, "correct horse")).ShouldBeTrue();
        (await hasher.VerifyAsync(hash, "correct horsf")).ShouldBeFalse();
        (await hasher.VerifyAsync(hash, "")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_hash_made_with_another_cost_still_verifies_with_its_own_parameters()
    {
        using var cheap = Hasher(memoryKiB: 8192, iterations: 1);
        using var current = Hasher();
        var old = await cheap.HashAsync("密碼也可以是中文");

        (await current.VerifyAsync(old, "密碼也可以是中文")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData("$argon2i$v=19$m=65536,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=65536,t=3,p=1$%%%$???")]
    public async Task A_stored_hash_that_is_not_Argon2id_verifies_as_false_without_throwing(string stored)
    {
        using var hasher = CheapHasher();

        (await hasher.VerifyAsync(stored, "anything")).ShouldBeFalse();
    }

    [Fact]
    public async Task Without_a_stored_hash_it_verifies_a_decoy_and_answers_false()
    {
        using var hasher = CheapHasher();
        var before = hasher.Verifications;

        (await hasher.VerifyAsync(null, "anything")).ShouldBeFalse();
        hasher.Verifications.ShouldBe(before + 1);
    }

    [Fact]
    public void A_cost_below_the_minimum_is_a_configuration_error() =>
        Should.Throw<InvalidOperationException>(() => Hasher(memoryKiB: 4)).Message.ShouldContain("Authentication:Passwords");
}
