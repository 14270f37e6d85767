using Domain.Common;

namespace Domain.Accounts;

// The language of a password account's stream, account-{hash}. Primitives only; instants UTC.
// Sign-in attempts are events too: the lockout is decided from them, and they are the account's
// security history (who could not sign in, when the account was locked).

/// <summary>The base of every event of a password account's stream.</summary>
public abstract record AccountEvent
{
    /// <summary>Every event type of the stream, for the schema tests.</summary>
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(PasswordAccountOpened),
        typeof(PasswordSignInSucceeded),
        typeof(PasswordSignInFailed),
        typeof(PasswordAccountLockedOut),
    ];
}

/// <summary>A password account was opened.</summary>
/// <param name="Account">The account name, lower case.</param>
/// <param name="Kind"><c>staff</c> (reviewer, auditor, administrator: roles listed) or <c>civil-servant</c> (an eCPA account whose person is found in the personnel records).</param>
/// <param name="Roles">Role names for staff accounts (see Web.Authentication.Roles); empty for civil servants.</param>
/// <param name="DisplayName">The name shown in the header for staff accounts; civil servants' names come from the personnel records.</param>
/// <param name="PasswordHash">The Argon2id hash in PHC string form (<c>$argon2id$v=19$m=…,t=…,p=…$salt$hash</c>); never the password.</param>
[EventType("PasswordAccountOpened", 1)]
public sealed record PasswordAccountOpened(
    string Account,
    string Kind,
    IReadOnlyList<string> Roles,
    string DisplayName,
    string PasswordHash,
    string OpenedBy,
    DateTimeOffset OpenedAt) : AccountEvent;

/// <summary>Someone signed in to the account with its password.</summary>
[EventType("PasswordSignInSucceeded", 1)]
public sealed record PasswordSignInSucceeded(string Account, DateTimeOffset SignedInAt) : AccountEvent;

/// <summary>A wrong password was given for the account.</summary>
/// <param name="FailuresInARow">Failures since the last success or lockout, this one included.</param>
[EventType("PasswordSignInFailed", 1)]
public sealed record PasswordSignInFailed(string Account, int FailuresInARow, DateTimeOffset FailedAt) : AccountEvent;

/// <summary>Too many wrong passwords in a row: no password is accepted before <see cref="LockedUntil"/>.</summary>
[EventType("PasswordAccountLockedOut", 1)]
public sealed record PasswordAccountLockedOut(string Account, int Failures, DateTimeOffset LockedUntil, DateTimeOffset LockedAt) : AccountEvent;
