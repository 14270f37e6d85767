using Domain.Accounts;
using ReadModels.Accounts;
using ReadModels.Tests.TestSupport;
using static ReadModels.Tests.People.EcpaEvents;

namespace ReadModels.Tests.Accounts;

/// <summary>
/// The administrators' staff list on both read-model stores: its SQL was SQLite's own (INSERT OR REPLACE) and failed on
/// PostgreSQL, where the projection retried forever and every staff sign-in waited out the read-model bound.
/// </summary>
public abstract class StaffAccountsProjectionTests(ReadModelStore readModels) : IAsyncDisposable
{
    public sealed class OnSqlite() : StaffAccountsProjectionTests(ReadModelStore.Sqlite);

    public sealed class OnPostgres() : StaffAccountsProjectionTests(ReadModelStore.Postgres);

    private readonly ReadSide _side = new(readModels);

    private static PasswordAccountOpened Opened(string account, string kind = AccountKinds.Staff) =>
        new(account, kind, ["reviewer", "auditor"], "審核員 " + account, "$argon2id$not-read-here", "admin", Now);

    [Fact]
    public async Task An_opened_staff_account_is_listed_with_its_roles_and_later_changes_update_its_row()
    {
        await AppendAsync(_side, "account-reviewer-1", Opened("reviewer-1"),
            new StaffCardHolderRecorded("reviewer-1", "person-key", "A12****789", "王小明", "6789", "admin-2", Now.AddMinutes(1)),
            new StaffAccountDisabled("reviewer-1", "admin-3", Now.AddMinutes(2)));
        await AppendAsync(_side, "account-clerk", Opened("clerk", AccountKinds.CivilServant));

        await _side.RunToHeadAsync(new StaffAccountsProjection(Registry));

        var row = (await new StaffAccountList(_side.Database).AllAsync()).ShouldHaveSingleItem("civil servants are not staff");
        row.Account.ShouldBe("reviewer-1");
        row.DisplayName.ShouldBe("審核員 reviewer-1");
        row.Roles.ShouldBe(["reviewer", "auditor"]);
        row.HolderMaskedId.ShouldBe("A12****789");
        row.HolderName.ShouldBe("王小明");
        row.Disabled.ShouldBeTrue();
        row.ChangedBy.ShouldBe("admin-3");
        row.ChangedAt.ShouldBe(Now.AddMinutes(2));
    }

    [Fact]
    public async Task Opening_an_account_of_the_same_name_again_starts_its_row_afresh()
    {
        await AppendAsync(_side, "account-reviewer-2", Opened("reviewer-2"),
            new StaffAccountDisabled("reviewer-2", "admin-3", Now.AddMinutes(2)), Opened("reviewer-2"));

        await _side.RunToHeadAsync(new StaffAccountsProjection(Registry));

        var row = (await new StaffAccountList(_side.Database).AllAsync()).ShouldHaveSingleItem();
        row.Disabled.ShouldBeFalse();
        row.ChangedBy.ShouldBe("admin");
    }

    public async ValueTask DisposeAsync() => await _side.DisposeAsync();
}
