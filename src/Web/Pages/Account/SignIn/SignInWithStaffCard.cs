using System.Text;
using Domain.Accounts;
using Domain.Common;
using Domain.Registration;
using EventStore.State;
using Mediator;
using Web.Authentication;
using Web.Authentication.Passwords;
using Web.CardSteps;
using Web.Messaging;

namespace Web.Pages.Account.SignIn;

/// <summary>
/// A staff account whose password was just proven in this browser session and that now waits for its citizen card
/// (kept server-side, kind <see cref="Kind"/>, owner = the browser session, for <see cref="Window"/>). The card step
/// reads it before verifying, because a successful card step rotates the browser session's id.
/// </summary>
public sealed class StaffSignInsAwaitingCard(IStateStore state, TimeProvider time)
{
    public const string Kind = "staff-awaiting-card";

    /// <summary>How long the second step may take after the password.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private const string Key = "account";

    public void Begin(string browserSession, AccountName account) =>
        state.Put(Kind, browserSession, Key, Encoding.UTF8.GetBytes(account.Value), time.GetUtcNow() + Window);

    public AccountName? Find(string? browserSession) =>
        browserSession is not null && state.Find(Kind, browserSession, Key) is { } row && AccountName.Parse(Encoding.UTF8.GetString(row.Value)).Name is { } name
            ? name
            : null;

    public void End(string browserSession) => state.Remove(Kind, browserSession, Key);
}

/// <summary>The second step of a staff sign-in: the citizen card this browser session just verified, for the account whose password it proved.</summary>
public sealed record SignInWithStaffCard(AccountName Account, VerifiedCard Card) : ICommand<Outcome<SignedInUser>>;

/// <summary>The messages of the staff sign-in's second step beyond the account's own rejections.</summary>
public static class StaffSignInMessages
{
    /// <summary>No password proven in this browser session within the window (or it was already used).</summary>
    public static Rejection PasswordAgain { get; } = new("STAFF_PASSWORD_AGAIN",
        $"請重新輸入帳號密碼：第二步須在輸入密碼後 {StaffSignInsAwaitingCard.Window.TotalMinutes:0} 分鐘內完成，或這個瀏覽器尚未輸入密碼。", CardStepMessages.PinField);
}

public sealed class SignInWithStaffCardHandler(PasswordAccounts accounts, TimeProvider time) : ICommandHandler<SignInWithStaffCard, Outcome<SignedInUser>>
{
    public async ValueTask<Outcome<SignedInUser>> Handle(SignInWithStaffCard command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var completed = await accounts.CompleteStaffSignInAsync(command.Account, command.Card.Facts, cancellationToken);
        if (!completed.TryGetValue(out var account))
            return Outcome<SignedInUser>.FromRejections(completed.Rejections);
        var name = command.Account.Value;
        return new SignedInUser($"staff:{name}", account.DisplayName, SignInMethods.PasswordAndCitizenCard, account.Roles, [], time.GetUtcNow(),
            Account: name, MaskedNationalId: account.CardHolder?.MaskedNationalId, Certificate: CertificateKey.Of(command.Card.Facts).ToString());
    }
}
