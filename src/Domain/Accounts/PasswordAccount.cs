using System.Collections.Immutable;

namespace Domain.Accounts;

/// <summary>Wrong passwords in a row from one address, and until when that address is locked out.</summary>
public sealed record AddressAttempts(int FailuresInARow, DateTimeOffset? LockedUntil)
{
    public static AddressAttempts None { get; } = new(0, null);
}

/// <summary>A password account's stream folded into state: null fields until the account is opened.</summary>
/// <param name="FailuresInARow">Wrong passwords since the last success or lockout.</param>
/// <param name="LockedUntil">While in the future, no password is accepted (a lock from before addresses were kept).</param>
/// <param name="ByAddress">Failures and lock per client address: a lock there keeps only that address out.</param>
public sealed record PasswordAccount(
    string? Account,
    AccountKind Kind,
    IReadOnlyList<string> Roles,
    string DisplayName,
    string? PasswordHash,
    int FailuresInARow,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? LastSignInAt,
    ImmutableDictionary<string, AddressAttempts>? ByAddress = null,
    StaffCardHolder? CardHolder = null,
    string? BoundCertificate = null,
    bool Disabled = false)
{
    public static PasswordAccount Initial { get; } = new(null, AccountKind.Staff, [], "", null, 0, null, null);

    /// <summary>The key a bound certificate is kept under: issuer key id and serial.</summary>
    public static string CertificateKeyOf(string issuerKeyId, string serialNumber) => $"{issuerKeyId}:{serialNumber}";

    /// <summary>The stream of one account: <c>account-{name}</c> (names are never national IDs: <see cref="AccountName"/> refuses them).</summary>
    public static string StreamName(AccountName account) => $"account-{account.Value}";

    public bool IsOpen => Account is not null;

    /// <summary>Locked for everyone (an old whole-account lock), or for <paramref name="from"/>.</summary>
    public bool IsLockedAt(DateTimeOffset now, string? from = null) =>
        (LockedUntil is { } until && now < until) || (from is not null && AttemptsFrom(from).LockedUntil is { } there && now < there);

    /// <summary>The failures in a row and lock of one address; null means the whole account's.</summary>
    public AddressAttempts AttemptsFrom(string? from) =>
        from is null ? new AddressAttempts(FailuresInARow, LockedUntil) : ByAddress?.GetValueOrDefault(from) ?? AddressAttempts.None;

    private PasswordAccount WithAttempts(string? from, Func<AddressAttempts, AddressAttempts> change)
    {
        if (from is null)
        {
            var whole = change(AttemptsFrom(null));
            return this with { FailuresInARow = whole.FailuresInARow, LockedUntil = whole.LockedUntil };
        }
        var next = change(AttemptsFrom(from));
        var addresses = ByAddress ?? ImmutableDictionary<string, AddressAttempts>.Empty.WithComparers(StringComparer.Ordinal);
        return this with { ByAddress = next == AddressAttempts.None ? addresses.Remove(from) : addresses.SetItem(from, next) };
    }

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
            PasswordSignInSucceeded e => state.WithAttempts(e.From, a => a with { FailuresInARow = 0 }) with { LastSignInAt = e.SignedInAt },
            PasswordSignInFailed e => state.WithAttempts(e.From, a => a with { FailuresInARow = e.FailuresInARow }),
            PasswordAccountLockedOut e => state.WithAttempts(e.From, _ => new AddressAttempts(0, e.LockedUntil)),
            StaffCardHolderRecorded e => state with { CardHolder = new StaffCardHolder(e.PersonKey, e.MaskedNationalId, e.Name, e.NationalIdLastFour), BoundCertificate = null },
            StaffCitizenCardBound e => state with { BoundCertificate = CertificateKeyOf(e.IssuerKeyId, e.SerialNumber) },
            StaffCardBindingCleared => state with { BoundCertificate = null },
            StaffAccountDisabled => state with { Disabled = true },
            StaffAccountEnabled => state with { Disabled = false },
            StaffRolesChanged e => state with { Roles = e.Roles },
            PasswordReset e => state with { PasswordHash = e.PasswordHash, FailuresInARow = 0, LockedUntil = null, ByAddress = null },
            _ => state,
        };
    }
}

/// <summary>The person an administrator recorded as a staff account's holder (no whole national ID).</summary>
public sealed record StaffCardHolder(string PersonKey, string MaskedNationalId, string Name, string NationalIdLastFour);

/// <summary>The stored names of <see cref="AccountKind"/> (events hold strings, not enums).</summary>
public static class AccountKinds
{
    public const string Staff = "staff";
    public const string CivilServant = "civil-servant";

    public static string Of(AccountKind kind) => kind == AccountKind.CivilServant ? CivilServant : Staff;
}
