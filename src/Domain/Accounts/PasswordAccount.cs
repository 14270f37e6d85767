namespace Domain.Accounts;

/// <summary>A password account's stream folded into state: null fields until the account is opened.</summary>
/// <param name="FailuresInARow">Wrong passwords since the last success or lockout.</param>
/// <param name="LockedUntil">While in the future, no password is accepted.</param>
public sealed record PasswordAccount(
    string? Account,
    AccountKind Kind,
    IReadOnlyList<string> Roles,
    string DisplayName,
    string? PasswordHash,
    int FailuresInARow,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? LastSignInAt)
{
    public static PasswordAccount Initial { get; } = new(null, AccountKind.Staff, [], "", null, 0, null, null);

    /// <summary>The stream of one account: <c>account-{name}</c> (names are never national IDs: <see cref="AccountName"/> refuses them).</summary>
    public static string StreamName(AccountName account) => $"account-{account.Value}";

    public bool IsOpen => Account is not null;

    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && now < until;

    public static PasswordAccount Evolve(PasswordAccount state, AccountEvent @event)
    {
        ArgumentNullException.ThrowIfNull(state);
        return @event switch
        {
            PasswordAccountOpened e => state with
            {
                Account = e.Account,
                Kind = e.Kind == AccountKinds.CivilServant ? AccountKind.CivilServant : AccountKind.Staff,
                Roles = e.Roles,
                DisplayName = e.DisplayName,
                PasswordHash = e.PasswordHash,
            },
            PasswordSignInSucceeded e => state with { FailuresInARow = 0, LastSignInAt = e.SignedInAt },
            PasswordSignInFailed e => state with { FailuresInARow = e.FailuresInARow },
            PasswordAccountLockedOut e => state with { FailuresInARow = 0, LockedUntil = e.LockedUntil },
            _ => state,
        };
    }
}

/// <summary>The stored names of <see cref="AccountKind"/> (events hold strings, not enums).</summary>
public static class AccountKinds
{
    public const string Staff = "staff";
    public const string CivilServant = "civil-servant";

    public static string Of(AccountKind kind) => kind == AccountKind.CivilServant ? CivilServant : Staff;
}
