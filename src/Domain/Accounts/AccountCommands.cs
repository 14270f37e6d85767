using Domain.Common;

namespace Domain.Accounts;

/// <summary>The base of every command of a password account's stream; <see cref="Now"/> is kept in UTC.</summary>
public abstract record AccountCommand(Guid CommandId, AccountName Account, DateTimeOffset Now)
    : IStreamCommand<PasswordAccountDecider, PasswordAccount, AccountCommand, AccountEvent>
{
    private readonly DateTimeOffset now = Now.ToUniversalTime();

    /// <summary>The account's stream.</summary>
    public string StreamName => PasswordAccount.StreamName(Account);

    string IStreamCommand<PasswordAccountDecider, PasswordAccount, AccountCommand, AccountEvent>.Actor => ActingAs;

    /// <summary>Who acts, for the events' metadata: the operator who opens an account; nobody known yet for a sign-in attempt.</summary>
    protected abstract string ActingAs { get; }

    public DateTimeOffset Now { get => now; init => now = value.ToUniversalTime(); }
}

/// <summary>What an account is for.</summary>
public enum AccountKind
{
    /// <summary>Reviewer, auditor or administrator staff: roles come with the account.</summary>
    Staff = 1,

    /// <summary>A civil servant's eCPA account (自訂帳號): roles come from the personnel records at sign-in.</summary>
    CivilServant = 2,
}

/// <summary>How many wrong passwords in a row lock an account, and for how long.</summary>
public sealed record LockoutPolicy(int MaxFailures, TimeSpan CoolDown)
{
    /// <summary>Five wrong passwords lock the account for fifteen minutes.</summary>
    public static LockoutPolicy Default { get; } = new(5, TimeSpan.FromMinutes(15));
}

/// <summary>Open a password account (demo seeding, operators).</summary>
/// <param name="PasswordHash">Already hashed (Argon2id PHC string): the domain never sees a password.</param>
public sealed record OpenPasswordAccount(
    Guid CommandId, AccountName Account, DateTimeOffset Now,
    AccountKind Kind,
    IReadOnlyList<string> Roles,
    string DisplayName,
    string PasswordHash,
    string Actor,
    StaffCardHolder? CardHolder = null) : AccountCommand(CommandId, Account, Now)
{
    protected override string ActingAs => Actor;
}

/// <summary>
/// The second factor of a staff sign-in, after the password was proven: the citizen card verified in this browser.
/// The first time it must be the recorded holder's card (name and last four ID digits) and is bound; afterwards only
/// the bound certificate is accepted.
/// </summary>
public sealed record CompleteStaffSignIn(
    Guid CommandId, AccountName Account, DateTimeOffset Now,
    Certificates.CertificateFacts Certificate) : AccountCommand(CommandId, Account, Now)
{
    protected override string ActingAs => $"staff:{Account.Value}";
}

/// <summary>An administrator's change to a staff account; <see cref="By"/> (the administrator's subject) is recorded on the event.</summary>
public abstract record StaffAccountChange(Guid CommandId, AccountName Account, DateTimeOffset Now, string By) : AccountCommand(CommandId, Account, Now)
{
    protected override string ActingAs => By;
}

public sealed record DisableStaffAccount(Guid CommandId, AccountName Account, DateTimeOffset Now, string By) : StaffAccountChange(CommandId, Account, Now, By);

public sealed record EnableStaffAccount(Guid CommandId, AccountName Account, DateTimeOffset Now, string By) : StaffAccountChange(CommandId, Account, Now, By);

public sealed record ChangeStaffRoles(Guid CommandId, AccountName Account, DateTimeOffset Now, string By, IReadOnlyList<string> Roles) : StaffAccountChange(CommandId, Account, Now, By);

/// <param name="PasswordHash">Already hashed (Argon2id PHC string) after the password policy accepted the password.</param>
public sealed record ResetStaffPassword(Guid CommandId, AccountName Account, DateTimeOffset Now, string By, string PasswordHash) : StaffAccountChange(CommandId, Account, Now, By);

/// <summary>Records (or corrects) the person who holds the staff account; any bound certificate is released with it.</summary>
public sealed record RecordStaffCardHolder(Guid CommandId, AccountName Account, DateTimeOffset Now, string By, StaffCardHolder Holder) : StaffAccountChange(CommandId, Account, Now, By);

/// <summary>Releases the bound certificate (the holder's card was renewed): the next sign-in binds the holder's new card.</summary>
public sealed record ClearStaffCard(Guid CommandId, AccountName Account, DateTimeOffset Now, string By) : StaffAccountChange(CommandId, Account, Now, By);

/// <summary>
/// Record one password sign-in attempt, after the password was checked against the hash (outside the
/// decider: the check is slow and needs no state beyond the hash).
/// </summary>
/// <param name="From">The client address: failures and the lockout count per account and address, so strangers
/// guessing elsewhere cannot keep the owner out. Null counts for the whole account (tools without an address).</param>
public sealed record RecordPasswordSignIn(
    Guid CommandId, AccountName Account, DateTimeOffset Now,
    bool PasswordMatched,
    LockoutPolicy Policy,
    string? From = null) : AccountCommand(CommandId, Account, Now)
{
    protected override string ActingAs => "anonymous";
}
