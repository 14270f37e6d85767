using System.Text.Json.Nodes;
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
        typeof(StaffCardHolderRecorded),
        typeof(StaffCitizenCardBound),
        typeof(StaffCardBindingCleared),
        typeof(StaffAccountDisabled),
        typeof(StaffAccountEnabled),
        typeof(StaffRolesChanged),
        typeof(PasswordReset),
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
/// <param name="From">The client address it came from (the failures from there start again); null in events written before addresses were kept.</param>
[EventType("PasswordSignInSucceeded", 2)]
public sealed record PasswordSignInSucceeded(string Account, DateTimeOffset SignedInAt, string? From = null) : AccountEvent
{
    /// <summary>v1 had no address: it counted for the whole account, which is what a null <c>from</c> means.</summary>
    [UpcastsFrom("PasswordSignInSucceeded.v1")]
    public static JsonObject FromVersion1(JsonObject v1) => v1;
}

/// <summary>A wrong password was given for the account.</summary>
/// <param name="FailuresInARow">Failures from <paramref name="From"/> since its last success or lockout, this one included.</param>
/// <param name="From">The client address; null (events before addresses were kept) counts for the whole account.</param>
[EventType("PasswordSignInFailed", 2)]
public sealed record PasswordSignInFailed(string Account, int FailuresInARow, DateTimeOffset FailedAt, string? From = null) : AccountEvent
{
    /// <summary>v1 had no address: it counted for the whole account, which is what a null <c>from</c> means.</summary>
    [UpcastsFrom("PasswordSignInFailed.v1")]
    public static JsonObject FromVersion1(JsonObject v1) => v1;
}

/// <summary>Too many wrong passwords in a row: no password is accepted before <see cref="LockedUntil"/>.</summary>
/// <param name="From">The client address that is locked out; the owner at another address is not. Null (events before
/// addresses were kept) locked the whole account.</param>
[EventType("PasswordAccountLockedOut", 2)]
public sealed record PasswordAccountLockedOut(string Account, int Failures, DateTimeOffset LockedUntil, DateTimeOffset LockedAt, string? From = null) : AccountEvent
{
    /// <summary>v1 had no address: it counted for the whole account, which is what a null <c>from</c> means.</summary>
    [UpcastsFrom("PasswordAccountLockedOut.v1")]
    public static JsonObject FromVersion1(JsonObject v1) => v1;
}

// Staff accounts prove themselves twice (issue 14 point 4): the password, then the citizen card of the person an
// administrator recorded for the account. Every change an administrator makes is an event naming who made it.

/// <summary>The person who holds a staff account, as an administrator recorded them: the card that later signs in must be theirs.</summary>
/// <param name="PersonKey">The keyed hash of the national ID (the same key as the personnel records').</param>
/// <param name="MaskedNationalId">A12****789, for the staff list.</param>
/// <param name="Name">The name as on the citizen card (compared after NFKC).</param>
/// <param name="NationalIdLastFour">The last four ID digits, compared with the certificate's (a citizen certificate carries only these).</param>
[EventType("StaffCardHolderRecorded", 1)]
public sealed record StaffCardHolderRecorded(
    string Account, string PersonKey, string MaskedNationalId, string Name, string NationalIdLastFour, string RecordedBy, DateTimeOffset RecordedAt) : AccountEvent;

/// <summary>The card holder's citizen certificate was bound to the staff account at its first sign-in with both factors; from now on only this certificate completes a sign-in.</summary>
[EventType("StaffCitizenCardBound", 1)]
public sealed record StaffCitizenCardBound(string Account, string IssuerKeyId, string SerialNumber, DateTimeOffset BoundAt) : AccountEvent;

/// <summary>An administrator released the bound certificate (a renewed card): the next sign-in binds the holder's new card.</summary>
[EventType("StaffCardBindingCleared", 1)]
public sealed record StaffCardBindingCleared(string Account, string ClearedBy, DateTimeOffset ClearedAt) : AccountEvent;

/// <summary>An administrator disabled the staff account: no sign-in, and its live sessions were ended.</summary>
[EventType("StaffAccountDisabled", 1)]
public sealed record StaffAccountDisabled(string Account, string DisabledBy, DateTimeOffset DisabledAt) : AccountEvent;

/// <summary>An administrator enabled a disabled staff account again.</summary>
[EventType("StaffAccountEnabled", 1)]
public sealed record StaffAccountEnabled(string Account, string EnabledBy, DateTimeOffset EnabledAt) : AccountEvent;

/// <summary>An administrator set the staff account's roles (the whole list); its live sessions were ended.</summary>
[EventType("StaffRolesChanged", 1)]
public sealed record StaffRolesChanged(string Account, IReadOnlyList<string> Roles, string ChangedBy, DateTimeOffset ChangedAt) : AccountEvent;

/// <summary>An administrator set a new password (Argon2id PHC string, never the password); failures and locks start again.</summary>
[EventType("PasswordReset", 1)]
public sealed record PasswordReset(string Account, string PasswordHash, string ResetBy, DateTimeOffset ResetAt) : AccountEvent;
