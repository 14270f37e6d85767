using Domain.Accounts;
using Domain.Tests.Support;

namespace Domain.Tests.Accounts;

public class PasswordAccountTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private static readonly AccountName Reviewer = AccountName.Of("Reviewer");
    private static readonly LockoutPolicy Policy = new(3, TimeSpan.FromMinutes(15));
    private const string Hash = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";

    private static DeciderSpecification<PasswordAccountDecider, PasswordAccount, AccountCommand, AccountEvent>.Scenario Given(params AccountEvent[] history) =>
        DeciderSpecification<PasswordAccountDecider, PasswordAccount, AccountCommand, AccountEvent>.Given(history);

    private static PasswordAccountOpened Opened() => new("reviewer", "staff", ["reviewer"], "林審核", Hash, "system:demo-data", Now.AddDays(-1));

    private static RecordPasswordSignIn Attempt(bool matched, DateTimeOffset? at = null) =>
        new(Guid.NewGuid(), Reviewer, at ?? Now, matched, Policy);

    [Fact]
    public void A_staff_account_opens_with_its_roles_and_hash()
    {
        Given().When(new OpenPasswordAccount(Guid.NewGuid(), Reviewer, Now.AddDays(-1), AccountKind.Staff, ["reviewer", "reviewer"], " 林審核 ", Hash, "system:demo-data"))
            .Then(Opened());
    }

    [Fact]
    public void An_account_name_is_opened_once() =>
        Given(Opened()).When(new OpenPasswordAccount(Guid.NewGuid(), Reviewer, Now, AccountKind.Staff, ["auditor"], "別人", Hash, "admin"))
            .ThenRejects("account-taken", "Account");

    [Fact]
    public void A_staff_account_needs_a_role() =>
        Given().When(new OpenPasswordAccount(Guid.NewGuid(), Reviewer, Now, AccountKind.Staff, [], "林審核", Hash, "admin"))
            .ThenRejects("roles-required");

    [Fact]
    public void A_civil_servant_account_takes_its_roles_from_the_personnel_records_not_from_the_account() =>
        Given().When(new OpenPasswordAccount(Guid.NewGuid(), AccountName.Of("wangxm"), Now, AccountKind.CivilServant, ["administrator"], "王小明", Hash, "admin"))
            .ThenRejects("roles-not-allowed");

    [Fact]
    public void A_right_password_is_recorded_as_a_sign_in() =>
        Given(Opened()).When(Attempt(matched: true)).Then(new PasswordSignInSucceeded("reviewer", Now));

    [Fact]
    public void Wrong_passwords_are_counted_in_a_row() =>
        Given(Opened(), new PasswordSignInFailed("reviewer", 1, Now.AddMinutes(-2)))
            .When(Attempt(matched: false)).Then(new PasswordSignInFailed("reviewer", 2, Now));

    [Fact]
    public void The_last_allowed_wrong_password_locks_the_account_for_the_cool_down() =>
        Given(Opened(), new PasswordSignInFailed("reviewer", 1, Now.AddMinutes(-2)), new PasswordSignInFailed("reviewer", 2, Now.AddMinutes(-1)))
            .When(Attempt(matched: false))
            .Then(new PasswordSignInFailed("reviewer", 3, Now), new PasswordAccountLockedOut("reviewer", 3, Now.AddMinutes(15), Now));

    [Fact]
    public void A_locked_account_refuses_even_the_right_password_and_counts_nothing() =>
        Given(Opened(), new PasswordAccountLockedOut("reviewer", 3, Now.AddMinutes(15), Now))
            .When(Attempt(matched: true, at: Now.AddMinutes(14)))
            .ThenRejects("locked-out");

    [Fact]
    public void After_the_cool_down_the_right_password_signs_in_again() =>
        Given(Opened(), new PasswordAccountLockedOut("reviewer", 3, Now.AddMinutes(15), Now))
            .When(Attempt(matched: true, at: Now.AddMinutes(15)))
            .Then(new PasswordSignInSucceeded("reviewer", Now.AddMinutes(15)));

    [Fact]
    public void After_the_cool_down_wrong_passwords_count_from_one_again() =>
        Given(Opened(), new PasswordSignInFailed("reviewer", 3, Now), new PasswordAccountLockedOut("reviewer", 3, Now.AddMinutes(15), Now))
            .When(Attempt(matched: false, at: Now.AddMinutes(20)))
            .Then(new PasswordSignInFailed("reviewer", 1, Now.AddMinutes(20)));

    [Fact]
    public void A_success_starts_the_count_again() =>
        Given(Opened(), new PasswordSignInFailed("reviewer", 2, Now.AddMinutes(-3)), new PasswordSignInSucceeded("reviewer", Now.AddMinutes(-2)))
            .When(Attempt(matched: false)).Then(new PasswordSignInFailed("reviewer", 1, Now));

    [Fact]
    public void Failures_are_counted_per_address_and_lock_out_that_address_only()
    {
        RecordPasswordSignIn From(string address, bool matched) => new(Guid.NewGuid(), Reviewer, Now, matched, Policy, address);
        var strangerLocked = new AccountEvent[]
        {
            Opened(),
            new PasswordSignInFailed("reviewer", 1, Now.AddMinutes(-3), "192.0.2.66"),
            new PasswordSignInFailed("reviewer", 2, Now.AddMinutes(-2), "192.0.2.66"),
            new PasswordSignInFailed("reviewer", 1, Now.AddMinutes(-2), "10.0.0.5"),
            new PasswordSignInFailed("reviewer", 3, Now.AddMinutes(-1), "192.0.2.66"),
            new PasswordAccountLockedOut("reviewer", 3, Now.AddMinutes(14), Now.AddMinutes(-1), "192.0.2.66"),
        };

        Given(strangerLocked).When(From("192.0.2.66", matched: true)).ThenRejects("locked-out");
        Given(strangerLocked).When(From("10.0.0.5", matched: true)).Then(new PasswordSignInSucceeded("reviewer", Now, "10.0.0.5"));
        Given(strangerLocked).When(From("10.0.0.5", matched: false)).Then(new PasswordSignInFailed("reviewer", 2, Now, "10.0.0.5"));
    }

    [Fact]
    public void Attempts_on_an_account_that_was_never_opened_are_refused() =>
        Given().When(Attempt(matched: false)).ThenRejects("no-such-account");
}

public class AccountNameTests
{
    [Theory]
    [InlineData("Reviewer", "reviewer")]
    [InlineData("  wang.xm_01-a ", "wang.xm_01-a")]
    public void Names_are_trimmed_and_compared_in_lower_case(string input, string stored) =>
        AccountName.Parse(input).Name!.Value.Value.ShouldBe(stored);

    [Theory]
    [InlineData("", "請輸入帳號。")]
    [InlineData("a", "帳號由 2 至 30 個英文字母、數字、點、底線或連字號組成。")]
    [InlineData("王小明", "帳號由 2 至 30 個英文字母、數字、點、底線或連字號組成。")]
    [InlineData("A123456789", "帳號不能是身分證統一編號。")]
    public void Names_that_are_empty_malformed_or_a_national_id_are_refused(string input, string message)
    {
        var (name, error) = AccountName.Parse(input);

        name.ShouldBeNull();
        error.ShouldBe(message);
    }

    [Fact]
    public void The_stream_is_named_after_the_lower_case_name() =>
        PasswordAccount.StreamName(AccountName.Of("WangXM")).ShouldBe("account-wangxm");
}
