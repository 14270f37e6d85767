using Domain.Accounts;
using Domain.Common;
using Mediator;
using ReadModels.ReferenceData;
using Web.Authentication;
using Web.Authentication.Passwords;
using Web.Messaging;
using Web.State;

namespace Web.Pages.Admin.Staff;

/// <summary>The fields of the staff-account forms (rejections name these).</summary>
public static class StaffFields
{
    public const string Account = "Account";
    public const string DisplayName = "DisplayName";
    public const string Roles = "Roles";
    public const string NationalId = "NationalId";
    public const string HolderName = "HolderName";
    public const string Password = "Password";
}

/// <summary>工作人員帳號管理's own messages.</summary>
public static class StaffMessages
{
    public static Rejection HolderNameRequired { get; } = new("HOLDER_NAME_REQUIRED", "請輸入持卡人姓名（與自然人憑證上的姓名相同）。", StaffFields.HolderName);

    public static Rejection UnknownAction { get; } = new("UNKNOWN_ACTION", "請從頁面上的按鈕操作。");
}

/// <summary>An administrator opens a staff account: its roles, the person who holds it (their citizen card is the second factor) and a first password.</summary>
public sealed record CreateStaffAccount(
    string? Account, string? DisplayName, IReadOnlyList<string> Roles, string? NationalId, string? HolderName, string? Password, string By)
    : ICommand<Outcome<string>>
{
    // The generated ToString would print the password and national ID into any log line that mentions the message.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Account = ").Append(Account).Append(", Roles = ").Append(string.Join(' ', Roles)).Append(", NationalId = (hidden), Password = (hidden), By = ").Append(By);
        return true;
    }
}

/// <summary>What an administrator does to an existing staff account.</summary>
public enum StaffAction
{
    Disable,
    Enable,
    SetRoles,
    ResetPassword,
    RecordHolder,
    ReleaseCard,
}

/// <summary>An administrator's change to one staff account (the fields the action needs; the others are ignored).</summary>
public sealed record ChangeStaffAccount(
    string? Account, StaffAction Action, string By,
    IReadOnlyList<string>? Roles = null, string? Password = null, string? NationalId = null, string? HolderName = null)
    : ICommand<Outcome<StaffChangeResult>>
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Account = ").Append(Account).Append(", Action = ").Append(Action).Append(", By = ").Append(By).Append(", NationalId = (hidden), Password = (hidden)");
        return true;
    }
}

/// <param name="Changed">False when the account already was so (nothing appended).</param>
/// <param name="SessionsEnded">How many live sessions of the account were ended.</param>
public sealed record StaffChangeResult(string Account, StaffAction Action, bool Changed, int SessionsEnded);

public sealed class CreateStaffAccountHandler(PasswordAccounts accounts, NationalIdHashKey idKey) : ICommandHandler<CreateStaffAccount, Outcome<string>>
{
    public async ValueTask<Outcome<string>> Handle(CreateStaffAccount command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var rejections = new List<Rejection>();
        var (name, nameError) = AccountName.Parse(command.Account);
        if (nameError is not null)
            rejections.Add(new Rejection("ACCOUNT_INVALID", nameError, StaffFields.Account));
        if (string.IsNullOrWhiteSpace(command.DisplayName))
            rejections.Add(AccountRejections.DisplayNameRequired);
        if (StaffRoleChoice.Check(command.Roles) is { } roleError)
            rejections.Add(roleError);
        var holder = StaffHolderInput.Parse(command.NationalId, command.HolderName, idKey, rejections);
        if (PasswordPolicy.Check(command.Password, name?.Value) is { } weak)
            rejections.Add(weak);
        if (rejections.Count > 0)
            return Outcome<string>.FromRejections(rejections);

        var refused = await accounts.OpenAsync(name!.Value, AccountKind.Staff, command.Roles, command.DisplayName!, command.Password!, command.By, holder, cancellationToken);
        return refused is null ? name.Value.Value : refused;
    }
}

public sealed class ChangeStaffAccountHandler(PasswordAccounts accounts, DatabaseTicketStore sessions, NationalIdHashKey idKey, TimeProvider time)
    : ICommandHandler<ChangeStaffAccount, Outcome<StaffChangeResult>>
{
    public async ValueTask<Outcome<StaffChangeResult>> Handle(ChangeStaffAccount command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (AccountName.Parse(command.Account).Name is not { } name)
            return AccountRejections.NoSuchAccount;
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7();
        Outcome<bool> outcome;
        switch (command.Action)
        {
            case StaffAction.Disable:
                outcome = await accounts.ChangeAsync(new DisableStaffAccount(id, name, now, command.By), cancellationToken);
                break;
            case StaffAction.Enable:
                outcome = await accounts.ChangeAsync(new EnableStaffAccount(id, name, now, command.By), cancellationToken);
                break;
            case StaffAction.SetRoles:
                if (StaffRoleChoice.Check(command.Roles) is { } roleError)
                    return roleError;
                outcome = await accounts.ChangeAsync(new ChangeStaffRoles(id, name, now, command.By, command.Roles!), cancellationToken);
                break;
            case StaffAction.ResetPassword:
                outcome = await accounts.ResetPasswordAsync(name, command.Password ?? "", command.By, cancellationToken);
                break;
            case StaffAction.RecordHolder:
                var rejections = new List<Rejection>();
                var holder = StaffHolderInput.Parse(command.NationalId, command.HolderName, idKey, rejections);
                if (holder is null)
                    return Outcome<StaffChangeResult>.FromRejections(rejections);
                outcome = await accounts.ChangeAsync(new RecordStaffCardHolder(id, name, now, command.By, holder), cancellationToken);
                break;
            case StaffAction.ReleaseCard:
                outcome = await accounts.ChangeAsync(new ClearStaffCard(id, name, now, command.By), cancellationToken);
                break;
            default:
                return StaffMessages.UnknownAction;
        }

        if (!outcome.TryGetValue(out var changed))
            return Outcome<StaffChangeResult>.FromRejections(outcome.Rejections);
        // A disabled account, new roles or a new password end the person's live sessions on their next request: roles are
        // decided at sign-in, so a session must not keep roles taken away, and a reset password may mean a stolen one.
        var ended = changed && command.Action is StaffAction.Disable or StaffAction.SetRoles or StaffAction.ResetPassword
            ? sessions.EndAllFor($"staff:{name.Value}")
            : 0;
        return new StaffChangeResult(name.Value, command.Action, changed, ended);
    }
}

/// <summary>The roles offered on the page: only staff roles, at least one.</summary>
public static class StaffRoleChoice
{
    public static IReadOnlyList<string> Offered => Authentication.Roles.Staff;

    public static Rejection? Check(IReadOnlyList<string>? roles)
    {
        if (roles is null || roles.Count == 0)
            return AccountRejections.StaffNeedRoles;
        return roles.All(r => Offered.Contains(r, StringComparer.Ordinal)) ? null : AccountRejections.UnknownRole;
    }
}

/// <summary>The holder typed on the page: the national ID (kept only as keyed hash, masked form and last four digits) and the name.</summary>
public static class StaffHolderInput
{
    public static StaffCardHolder? Parse(string? nationalId, string? holderName, NationalIdHashKey key, List<Rejection> rejections)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(rejections);
        var parsed = NationalId.Parse(nationalId);
        if (parsed.Id is null)
            rejections.Add(new Rejection("NATIONAL_ID_INVALID", parsed.Message ?? "請輸入持卡人的身分證統一編號。", StaffFields.NationalId));
        if (string.IsNullOrWhiteSpace(holderName))
            rejections.Add(StaffMessages.HolderNameRequired);
        return parsed.Id is { } id && !string.IsNullOrWhiteSpace(holderName)
            ? new StaffCardHolder(key.Hash(id), id.Masked, holderName.Trim(), id.LastFour)
            : null;
    }
}
