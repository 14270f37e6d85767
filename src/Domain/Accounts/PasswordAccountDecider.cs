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

    public static Rejection UnknownRole { get; } = new("unknown-role", "請只選擇審核人員、稽核人員或系統管理者。", "Roles");

    public static Rejection CardHolderRequired { get; } = new("card-holder-required", "工作人員帳號須登記持卡人（姓名及身分證統一編號），登入時要用這個人的自然人憑證。", "NationalId");

    public static Rejection NotStaff { get; } = new("not-staff", "這不是工作人員帳號。", AccountField);

    public static Rejection Disabled { get; } = new("account-disabled", "這個帳號已停用。", AccountField);

    public static Rejection NoCardHolder { get; } = new("no-card-holder",
        "這個工作人員帳號還沒有登記持卡人，無法完成登入。請洽系統管理者在「工作人員帳號管理」登記您的姓名及身分證統一編號。", "Pin");

    public static Rejection NotTheHolder { get; } = new("not-the-card-holder",
        "這張自然人憑證不是這個工作人員帳號登記的持卡人的卡片（姓名或身分證末四碼不符）。請插入您本人的自然人憑證。", "Pin");

    public static Rejection NotTheBoundCard { get; } = new("not-the-bound-card",
        "這張自然人憑證不是這個工作人員帳號綁定的卡片。若您換發了新卡，請洽系統管理者在「工作人員帳號管理」重設憑證綁定。", "Pin");

    public static Rejection NotYourself { get; } = new("not-on-yourself", "不能停用自己的帳號，也不能拿掉自己的系統管理者角色；請由另一位系統管理者處理。", AccountField);
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
            CompleteStaffSignIn c => SecondFactor(c, state),
            StaffAccountChange c => Change(c, state),
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
        var opened = new PasswordAccountOpened(
            c.Account.Value, AccountKinds.Of(c.Kind), c.Roles.Distinct(StringComparer.Ordinal).ToList(), c.DisplayName.Trim(), c.PasswordHash, c.Actor, c.Now);
        if (c.CardHolder is not { } holder)
            return Decision<AccountEvent>.Accept(opened);
        if (c.Kind != AccountKind.Staff)
            return AccountRejections.NotStaff;
        return Decision<AccountEvent>.Accept(opened,
            new StaffCardHolderRecorded(c.Account.Value, holder.PersonKey, holder.MaskedNationalId, holder.Name.Trim(), holder.NationalIdLastFour, c.Actor, c.Now));
    }

    private static Decision<AccountEvent> SecondFactor(CompleteStaffSignIn c, PasswordAccount state)
    {
        if (!state.IsOpen || state.Kind != AccountKind.Staff)
            return AccountRejections.NotStaff;
        if (state.Disabled)
            return AccountRejections.Disabled;
        var certificate = Registration.CertificateKey.Of(c.Certificate);
        var key = PasswordAccount.CertificateKeyOf(certificate.IssuerKeyId, certificate.SerialNumber);
        if (state.BoundCertificate is { } bound)
            return string.Equals(bound, key, StringComparison.Ordinal) ? Decision<AccountEvent>.Nothing : AccountRejections.NotTheBoundCard;
        if (state.CardHolder is not { } holder)
            return AccountRejections.NoCardHolder;
        if (!People.CertificateOwnership.IsOwner(c.Certificate, holder.NationalIdLastFour, holder.Name))
            return AccountRejections.NotTheHolder;
        return Decision<AccountEvent>.Accept(new StaffCitizenCardBound(c.Account.Value, certificate.IssuerKeyId, certificate.SerialNumber, c.Now));
    }

    // Changes that leave the account as it is (disable a disabled account, the same roles) append nothing: a resent form is harmless.
    private static Decision<AccountEvent> Change(StaffAccountChange c, PasswordAccount state)
    {
        if (!state.IsOpen)
            return AccountRejections.NoSuchAccount;
        if (state.Kind != AccountKind.Staff)
            return AccountRejections.NotStaff;
        var self = string.Equals(c.By, $"staff:{c.Account.Value}", StringComparison.Ordinal);
        var account = c.Account.Value;
        return c switch
        {
            DisableStaffAccount when self => AccountRejections.NotYourself,
            DisableStaffAccount => state.Disabled ? Decision<AccountEvent>.Nothing : Decision<AccountEvent>.Accept(new StaffAccountDisabled(account, c.By, c.Now)),
            EnableStaffAccount => state.Disabled ? Decision<AccountEvent>.Accept(new StaffAccountEnabled(account, c.By, c.Now)) : Decision<AccountEvent>.Nothing,
            ChangeStaffRoles r => Roles(r, state, self),
            ResetStaffPassword r => Decision<AccountEvent>.Accept(new PasswordReset(account, r.PasswordHash, c.By, c.Now)),
            RecordStaffCardHolder r => state.CardHolder == r.Holder
                ? Decision<AccountEvent>.Nothing
                : Decision<AccountEvent>.Accept(new StaffCardHolderRecorded(account, r.Holder.PersonKey, r.Holder.MaskedNationalId, r.Holder.Name.Trim(), r.Holder.NationalIdLastFour, c.By, c.Now)),
            ClearStaffCard => state.BoundCertificate is null ? Decision<AccountEvent>.Nothing : Decision<AccountEvent>.Accept(new StaffCardBindingCleared(account, c.By, c.Now)),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.GetType().Name, "not a staff account change"),
        };
    }

    /// <summary>The role names a staff account may carry (the Web's role names; the domain keeps only strings).</summary>
    public static IReadOnlyList<string> StaffRoles { get; } = ["reviewer", "auditor", "administrator"];

    private static Decision<AccountEvent> Roles(ChangeStaffRoles c, PasswordAccount state, bool self)
    {
        var roles = c.Roles.Distinct(StringComparer.Ordinal).ToList();
        if (roles.Count == 0)
            return AccountRejections.StaffNeedRoles;
        if (roles.Any(r => !StaffRoles.Contains(r, StringComparer.Ordinal)))
            return AccountRejections.UnknownRole;
        if (self && state.Roles.Contains("administrator", StringComparer.Ordinal) && !roles.Contains("administrator", StringComparer.Ordinal))
            return AccountRejections.NotYourself;
        return roles.Order(StringComparer.Ordinal).SequenceEqual(state.Roles.Order(StringComparer.Ordinal), StringComparer.Ordinal)
            ? Decision<AccountEvent>.Nothing
            : Decision<AccountEvent>.Accept(new StaffRolesChanged(c.Account.Value, roles, c.By, c.Now));
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
