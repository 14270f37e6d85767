using Domain.Common;

namespace Domain.Accounts;

/// <summary>The rejections of a password account's stream (codes for programs, zh-TW for people).</summary>
public static class AccountRejections
{
    public const string AccountField = "Account";

    public static Rejection AccountTaken { get; } = new("account-taken", "這個帳號已經有人使用，請換一個帳號。", AccountField);

    public static Rejection NoSuchAccount { get; } = new("no-such-account", "查無此帳號。", AccountField);

    public static Rejection LockedOut { get; } = new("locked-out", "帳號因連續多次密碼錯誤暫停登入，請稍後再試。", AccountField);

    public static Rejection DisplayNameRequired { get; } = new("display-name-required", "請輸入顯示名稱。", "DisplayName");

    public static Rejection StaffNeedRoles { get; } = new("roles-required", "工作人員帳號至少要有一個角色。", "Roles");

    public static Rejection CivilServantsHaveNoRoles { get; } = new("roles-not-allowed", "公務人員帳號的角色由人事資料決定，不可另外指定。", "Roles");
}

/// <summary>
/// The rules of a password account: opening it once, and the lockout — <see cref="LockoutPolicy.MaxFailures"/>
/// wrong passwords in a row lock it for <see cref="LockoutPolicy.CoolDown"/>; while locked, attempts are refused
/// without being counted (the page shows the same message as for any failure, so nothing reveals the lock).
/// </summary>
public sealed class PasswordAccountDecider : IDecider<PasswordAccount, AccountCommand, AccountEvent>
{
    public static PasswordAccount Initial => PasswordAccount.Initial;

    public static PasswordAccount Evolve(PasswordAccount state, AccountEvent @event) => PasswordAccount.Evolve(state, @event);

    public static Decision<AccountEvent> Decide(AccountCommand command, PasswordAccount state)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(state);
        return command switch
        {
            OpenPasswordAccount c => Open(c, state),
            RecordPasswordSignIn c => Record(c, state),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "not a command of this stream"),
        };
    }

    private static Decision<AccountEvent> Open(OpenPasswordAccount c, PasswordAccount state)
    {
        if (state.IsOpen)
            return AccountRejections.AccountTaken;
        if (string.IsNullOrWhiteSpace(c.DisplayName))
            return AccountRejections.DisplayNameRequired;
        if (c.Kind == AccountKind.Staff && c.Roles.Count == 0)
            return AccountRejections.StaffNeedRoles;
        if (c.Kind == AccountKind.CivilServant && c.Roles.Count > 0)
            return AccountRejections.CivilServantsHaveNoRoles;
        return Decision<AccountEvent>.Accept(new PasswordAccountOpened(
            c.Account.Value, AccountKinds.Of(c.Kind), c.Roles.Distinct(StringComparer.Ordinal).ToList(), c.DisplayName.Trim(), c.PasswordHash, c.Actor, c.Now));
    }

    private static Decision<AccountEvent> Record(RecordPasswordSignIn c, PasswordAccount state)
    {
        if (!state.IsOpen)
            return AccountRejections.NoSuchAccount;
        if (state.IsLockedAt(c.Now, c.From))
            return AccountRejections.LockedOut;
        if (c.PasswordMatched)
            return Decision<AccountEvent>.Accept(new PasswordSignInSucceeded(c.Account.Value, c.Now, c.From));

        var failures = state.AttemptsFrom(c.From).FailuresInARow + 1;
        var failed = new PasswordSignInFailed(c.Account.Value, failures, c.Now, c.From);
        return failures >= c.Policy.MaxFailures
            ? Decision<AccountEvent>.Accept(failed, new PasswordAccountLockedOut(c.Account.Value, failures, c.Now + c.Policy.CoolDown, c.Now, c.From))
            : Decision<AccountEvent>.Accept(failed);
    }
}
