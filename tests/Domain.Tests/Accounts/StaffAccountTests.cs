using Domain.Accounts;
using Domain.Tests.Support;
using static Domain.Tests.People.EcpaExamples;

namespace Domain.Tests.Accounts;

/// <summary>Staff accounts: the holder recorded at opening, the card bound at the first two-factor sign-in, and administrators' changes.</summary>
public class StaffAccountTests
{
    private static readonly AccountName Admin2 = AccountName.Of("admin2");
    private const string Hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    private const string By = "staff:admin";

    private static readonly StaffCardHolder Holder = new(WangKey, WangId.Masked, "王小明", WangId.LastFour);

    private static DeciderSpecification<PasswordAccountDecider, PasswordAccount, AccountCommand, AccountEvent>.Scenario Given(params AccountEvent[] history) =>
        DeciderSpecification<PasswordAccountDecider, PasswordAccount, AccountCommand, AccountEvent>.Given(history);

    private static PasswordAccountOpened Opened() => new("admin2", "staff", ["administrator"], "第二管理者", Hash, By, Now.AddDays(-1));

    private static StaffCardHolderRecorded Recorded() => new("admin2", WangKey, WangId.Masked, "王小明", WangId.LastFour, By, Now.AddDays(-1));

    private static StaffCitizenCardBound Bound(string serial = "1A01") => new("admin2", "MOICA2KEY", serial, Now.AddHours(-1));

    [Fact]
    public void An_administrator_opens_a_staff_account_with_its_card_holder() =>
        Given().When(new OpenPasswordAccount(Guid.NewGuid(), Admin2, Now.AddDays(-1), AccountKind.Staff, ["administrator"], "第二管理者", Hash, By, Holder))
            .Then(Opened(), Recorded());

    [Fact]
    public void The_first_sign_in_binds_the_holders_card() =>
        Given(Opened(), Recorded()).When(new CompleteStaffSignIn(Guid.NewGuid(), Admin2, Now, CitizenCard()))
            .Then(new StaffCitizenCardBound("admin2", "MOICA2KEY", "1A01", Now));

    [Fact]
    public void Someone_elses_card_is_not_the_holders() =>
        Given(Opened(), Recorded()).When(new CompleteStaffSignIn(Guid.NewGuid(), Admin2, Now, CitizenCard(name: "陳美玲")))
            .ThenRejects("not-the-card-holder", "Pin");

    [Fact]
    public void The_same_last_four_digits_with_another_name_is_not_the_holder() =>
        Given(Opened(), Recorded()).When(new CompleteStaffSignIn(Guid.NewGuid(), Admin2, Now, CitizenCard(name: "王小名")))
            .ThenRejects("not-the-card-holder");

    [Fact]
    public void A_staff_account_without_a_recorded_holder_cannot_finish_a_sign_in() =>
        Given(Opened()).When(new CompleteStaffSignIn(Guid.NewGuid(), Admin2, Now, CitizenCard()))
            .ThenRejects("no-card-holder");

    [Fact]
    public void Once_bound_only_that_certificate_completes_a_sign_in_even_another_card_of_the_holder()
    {
        Given(Opened(), Recorded(), Bound()).When(new CompleteStaffSignIn(Guid.NewGuid(), Admin2, Now, CitizenCard())).ThenNothing();
        Given(Opened(), Recorded(), Bound()).When(new CompleteStaffSignIn(Guid.NewGuid(), Admin2, Now, CitizenCard("1A02")))
            .ThenRejects("not-the-bound-card");
    }

    [Fact]
    public void After_an_administrator_clears_the_binding_the_holders_new_card_binds() =>
        Given(Opened(), Recorded(), Bound(), new StaffCardBindingCleared("admin2", By, Now.AddMinutes(-5)))
            .When(new CompleteStaffSignIn(Guid.NewGuid(), Admin2, Now, CitizenCard("1A02")))
            .Then(new StaffCitizenCardBound("admin2", "MOICA2KEY", "1A02", Now));

    [Fact]
    public void A_disabled_account_finishes_no_sign_in() =>
        Given(Opened(), Recorded(), Bound(), new StaffAccountDisabled("admin2", By, Now.AddMinutes(-1)))
            .When(new CompleteStaffSignIn(Guid.NewGuid(), Admin2, Now, CitizenCard()))
            .ThenRejects("account-disabled");

    [Fact]
    public void Disable_and_enable_name_who_did_it_and_a_repeat_appends_nothing()
    {
        Given(Opened()).When(new DisableStaffAccount(Guid.NewGuid(), Admin2, Now, By)).Then(new StaffAccountDisabled("admin2", By, Now));
        Given(Opened(), new StaffAccountDisabled("admin2", By, Now)).When(new DisableStaffAccount(Guid.NewGuid(), Admin2, Now, By)).ThenNothing();
        Given(Opened(), new StaffAccountDisabled("admin2", By, Now)).When(new EnableStaffAccount(Guid.NewGuid(), Admin2, Now, "staff:other"))
            .Then(new StaffAccountEnabled("admin2", "staff:other", Now));
        Given(Opened()).When(new EnableStaffAccount(Guid.NewGuid(), Admin2, Now, By)).ThenNothing();
    }

    [Fact]
    public void An_administrator_cannot_disable_themselves_or_drop_their_own_administrator_role()
    {
        Given(Opened()).When(new DisableStaffAccount(Guid.NewGuid(), Admin2, Now, "staff:admin2")).ThenRejects("not-on-yourself");
        Given(Opened()).When(new ChangeStaffRoles(Guid.NewGuid(), Admin2, Now, "staff:admin2", ["auditor"])).ThenRejects("not-on-yourself");
    }

    [Fact]
    public void Roles_are_set_as_a_whole_list_of_staff_roles()
    {
        Given(Opened()).When(new ChangeStaffRoles(Guid.NewGuid(), Admin2, Now, By, ["auditor", "reviewer", "auditor"]))
            .Then(new StaffRolesChanged("admin2", ["auditor", "reviewer"], By, Now));
        Given(Opened()).When(new ChangeStaffRoles(Guid.NewGuid(), Admin2, Now, By, [])).ThenRejects("roles-required");
        Given(Opened()).When(new ChangeStaffRoles(Guid.NewGuid(), Admin2, Now, By, ["handler"])).ThenRejects("unknown-role");
        Given(Opened()).When(new ChangeStaffRoles(Guid.NewGuid(), Admin2, Now, By, ["administrator"])).ThenNothing();
    }

    [Fact]
    public void A_password_reset_replaces_the_hash_and_clears_failures_and_locks()
    {
        var state = new[]
        {
            (AccountEvent)Opened(),
            new PasswordSignInFailed("admin2", 5, Now.AddMinutes(-2), "10.0.0.9"),
            new PasswordAccountLockedOut("admin2", 5, Now.AddMinutes(13), Now.AddMinutes(-2), "10.0.0.9"),
            new PasswordReset("admin2", "$argon2id$new", By, Now.AddMinutes(-1)),
        }.Aggregate(PasswordAccount.Initial, PasswordAccount.Evolve);

        state.PasswordHash.ShouldBe("$argon2id$new");
        state.IsLockedAt(Now, "10.0.0.9").ShouldBeFalse();
    }

    [Fact]
    public void Civil_servant_accounts_are_not_managed_here() =>
        Given(new PasswordAccountOpened("admin2", "civil-servant", [], "王小明", Hash, By, Now.AddDays(-1)))
            .When(new DisableStaffAccount(Guid.NewGuid(), Admin2, Now, By)).ThenRejects("not-staff");

    [Fact]
    public void Recording_another_holder_releases_the_bound_card_and_the_same_holder_again_changes_nothing()
    {
        var other = new StaffCardHolder("PERSONKEY2", "B22****345", "陳美玲", "2345");
        Given(Opened(), Recorded(), Bound()).When(new RecordStaffCardHolder(Guid.NewGuid(), Admin2, Now, By, other))
            .Then(new StaffCardHolderRecorded("admin2", "PERSONKEY2", "B22****345", "陳美玲", "2345", By, Now));
        Given(Opened(), Recorded()).When(new RecordStaffCardHolder(Guid.NewGuid(), Admin2, Now, By, Holder)).ThenNothing();
    }
}
