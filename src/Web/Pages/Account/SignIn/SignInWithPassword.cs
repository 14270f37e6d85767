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
public sealed record SignInWithPassword(
    [property: Display(Name = "帳號")] string? Account,
    [property: Display(Name = "密碼")] string? Password) : ICommand<Outcome<SignedInUser>>
{
    // The generated ToString would print the password into any log line or exception that mentions the message.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Account = ").Append(Account).Append(", Password = (hidden)");
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
}

public sealed class SignInWithPasswordValidator : AbstractValidator<SignInWithPassword>
{
    public SignInWithPasswordValidator()
    {
        RuleFor(c => c.Account).NotEmpty().WithErrorCode("ACCOUNT_MISSING").WithMessage("請輸入帳號。");
        RuleFor(c => c.Password).NotEmpty().WithErrorCode("PASSWORD_MISSING").WithMessage("請輸入密碼。");
    }
}

public sealed class SignInWithPasswordHandler(PasswordAccounts accounts, PersonnelLookup personnel, PersonSessions people, TimeProvider time)
    : ICommandHandler<SignInWithPassword, Outcome<SignedInUser>>
{
    public async ValueTask<Outcome<SignedInUser>> Handle(SignInWithPassword command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var check = await accounts.CheckAsync(command.Account, command.Password ?? "", cancellationToken);
        if (check is not { Account: { } account, State: { } state })
            return PasswordSignInMessages.Failed;

        if (state.Kind == AccountKind.Staff)
        {
            return new SignedInUser($"staff:{account.Value}", state.DisplayName, SignInMethods.Password, state.Roles, [], time.GetUtcNow(), Account: account.Value);
        }

        var person = await personnel.LookUpByAccountAsync(account.Value, people.Today, cancellationToken);
        if (!person.IsCurrent)
            return PasswordSignInMessages.NotCurrent;
        return people.ForPerson(person, $"ecpa:{account.Value}", SignInMethods.Password, account.Value, certificate: null, []);
    }
}
