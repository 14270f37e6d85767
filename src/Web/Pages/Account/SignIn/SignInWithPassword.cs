using System.ComponentModel.DataAnnotations;
using System.Text;
using Domain.Accounts;
using Domain.Common;
using FluentValidation;
using Mediator;
using Web.Authentication;
using Web.Authentication.Passwords;
using Web.Messaging;
using ReadModels.ReferenceData;

namespace Web.Pages.Account.SignIn;

/// <summary>帳號密碼登入: a staff account or a civil servant's eCPA account, with its password.</summary>
/// <param name="From">The client address: a lockout keeps only this address out (issue 14 point 5).</param>
public sealed record SignInWithPassword(
    [property: Display(Name = "帳號")] string? Account,
    [property: Display(Name = "密碼")] string? Password,
    string? From = null) : ICommand<Outcome<PasswordSignIn>>
{
    // The generated ToString would print the password into any log line or exception that mentions the message.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Account = ").Append(Account).Append(", Password = (hidden), From = ").Append(From);
        return true;
    }
}

/// <summary>The messages of password sign-in. One message for every failure before the password is proven.</summary>
public static class PasswordSignInMessages
{
    /// <summary>Unknown account, wrong password and locked account all get this, so none can be told apart.</summary>
    public static Rejection Failed { get; } = new("SIGN_IN_FAILED",
        "帳號或密碼不正確，請再確認一次。連續輸錯 5 次，帳號會暫停登入 15 分鐘。", nameof(SignInWithPassword.Password));

    /// <summary>The password was right, but the personnel records show no current civil servant for the account.</summary>
    public static Rejection NotCurrent { get; } = new("ACCOUNT_NOT_CURRENT",
        "您的帳號密碼正確，但公務人力資料庫中查無您的現職資料（可能為卸職狀態或資料尚未生效），暫時無法登入。如為現職人員，請洽服務機關人事單位報送資料。",
        nameof(SignInWithPassword.Account));

    /// <summary>Too many password sign-ins are being checked right now; nothing was checked or counted.</summary>
    public static Rejection Busy { get; } = new("SIGN_IN_BUSY",
        "目前同時登入的人太多，系統沒有檢查您的密碼，也不算一次錯誤。請稍候一分鐘再登入；使用自然人憑證登入不受影響。",
        nameof(SignInWithPassword.Password));
}

public sealed class SignInWithPasswordValidator : AbstractValidator<SignInWithPassword>
{
    public SignInWithPasswordValidator()
    {
        RuleFor(c => c.Account).NotEmpty().WithErrorCode("ACCOUNT_MISSING").WithMessage("請輸入帳號。");
        RuleFor(c => c.Password).NotEmpty().WithErrorCode("PASSWORD_MISSING").WithMessage("請輸入密碼。");
    }
}

/// <summary>
/// A proven password: a civil servant's session, or — for a staff account — the account that must now prove itself a
/// second time with its holder's citizen card (<see cref="StaffAwaitingCard"/>); staff get no session from a password alone.
/// </summary>
public sealed record PasswordSignIn(SignedInUser? Session, AccountName? StaffAwaitingCard);

public sealed class SignInWithPasswordHandler(PasswordAccounts accounts, PersonnelLookup personnel, PersonSessions people)
    : ICommandHandler<SignInWithPassword, Outcome<PasswordSignIn>>
{
    public async ValueTask<Outcome<PasswordSignIn>> Handle(SignInWithPassword command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var check = await accounts.CheckAsync(command.Account, command.Password ?? "", command.From, cancellationToken);
        if (check.WasBusy)
            return PasswordSignInMessages.Busy;
        if (check is not { Account: { } account, State: { } state })
            return PasswordSignInMessages.Failed;

        if (state.Kind == AccountKind.Staff)
            return new PasswordSignIn(null, account);

        var person = await personnel.LookUpByAccountAsync(account.Value, people.Today, cancellationToken);
        if (!person.IsCurrent)
            return PasswordSignInMessages.NotCurrent;
        return new PasswordSignIn(people.ForPerson(person, $"ecpa:{account.Value}", SignInMethods.Password, account.Value, certificate: null, []), null);
    }
}
