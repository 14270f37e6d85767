using Domain.Accounts;
using Domain.Common;
using Web.Messaging;
using Microsoft.Extensions.Options;

namespace Web.Authentication.Passwords;

/// <summary>
/// Password accounts on their streams (<c>account-{hash}</c>): opening one, and checking a sign-in so that an
/// unknown account, a wrong password and a locked account cannot be told apart — each costs one Argon2id
/// verification and answers the same <see cref="PasswordCheck.Failed"/>.
/// </summary>
public sealed class PasswordAccounts(
    CommandPipeline pipeline,
    PasswordHasher hasher,
    IOptions<PasswordOptions> options,
    TimeProvider time)
{
    /// <summary>
    /// Checks the password against <see cref="PasswordPolicy"/>, hashes it and opens the account; a weak password or a
    /// taken name is a rejection. A staff account opened with <paramref name="cardHolder"/> can complete a sign-in
    /// with that person's citizen card; without one it cannot sign in at all.
    /// </summary>
    public async Task<Rejection?> OpenAsync(
        AccountName account, AccountKind kind, IReadOnlyList<string> roles, string displayName, string password, string actor,
        StaffCardHolder? cardHolder = null, CancellationToken cancellationToken = default)
    {
        if (PasswordPolicy.Check(password, account.Value) is { } weak)
            return weak;
        var hash = await hasher.HashAsync(password, cancellationToken).ConfigureAwait(false);
        var command = new OpenPasswordAccount(Guid.CreateVersion7(), account, time.GetUtcNow(), kind, roles, displayName, hash, actor, cardHolder);
        var outcome = await pipeline.SendAsync(command, StaffReadModel, cancellationToken).ConfigureAwait(false);
        return outcome.Succeeded ? null : outcome.Rejections[0];
    }

    /// <summary>An administrator sets a new password for a staff account (checked against <see cref="PasswordPolicy"/>).</summary>
    public async Task<Outcome<bool>> ResetPasswordAsync(AccountName account, string password, string by, CancellationToken cancellationToken = default)
    {
        if (PasswordPolicy.Check(password, account.Value) is { } weak)
            return weak;
        var hash = await hasher.HashAsync(password, cancellationToken).ConfigureAwait(false);
        return await ChangeAsync(new ResetStaffPassword(Guid.CreateVersion7(), account, time.GetUtcNow(), by, hash), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An administrator's change to a staff account; true when it appended an event (false: the account already was so).</summary>
    public async Task<Outcome<bool>> ChangeAsync(StaffAccountChange change, CancellationToken cancellationToken = default)
    {
        var outcome = await pipeline.SendAsync(change, StaffReadModel, cancellationToken).ConfigureAwait(false);
        return outcome.TryGetValue(out var recorded) ? recorded.Changed : Outcome<bool>.FromRejections(outcome.Rejections);
    }

    /// <summary>The second factor of a staff sign-in: the verified citizen card must be the account's (bound now on first use).</summary>
    public async Task<Outcome<PasswordAccount>> CompleteStaffSignInAsync(AccountName account, Domain.Certificates.CertificateFacts certificate, CancellationToken cancellationToken = default)
    {
        var outcome = await pipeline.SendAsync(new CompleteStaffSignIn(Guid.CreateVersion7(), account, time.GetUtcNow(), certificate), StaffReadModel, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
            return Outcome<PasswordAccount>.FromRejections(outcome.Rejections);
        return await LoadAsync(account, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The keyed hash of the person recorded as holding the staff account that acts as <paramref name="subject"/>
    /// (<c>staff:{account}</c>), read from its stream; null for any other subject or an account without a holder.
    /// </summary>
    public async Task<string?> StaffHolderKeyAsync(string subject, CancellationToken cancellationToken = default)
    {
        const string Staff = "staff:";
        if (subject is null || !subject.StartsWith(Staff, StringComparison.Ordinal) || AccountName.Parse(subject[Staff.Length..]).Name is not { } name)
            return null;
        var state = await LoadAsync(name, cancellationToken).ConfigureAwait(false);
        return state.IsOpen && state.Kind == AccountKind.Staff ? state.CardHolder?.PersonKey : null;
    }

    /// <summary>The account's state, read from its stream.</summary>
    public Task<PasswordAccount> FindAsync(AccountName account, CancellationToken cancellationToken = default) => LoadAsync(account, cancellationToken);

    /// <summary>Whether the account exists (demo seeding asks; pages never do).</summary>
    public async Task<bool> ExistsAsync(AccountName account, CancellationToken cancellationToken = default) =>
        (await LoadAsync(account, cancellationToken).ConfigureAwait(false)).IsOpen;

    /// <summary>
    /// Checks a sign-in and records it on the account's stream (a success, or a failure that may lock the account out
    /// for <paramref name="from"/>, the client address, only). Unknown and locked accounts are verified against a
    /// decoy hash and record nothing. With every hashing slot and queue place taken it answers
    /// <see cref="PasswordCheck.Busy"/> at once, checking nothing.
    /// </summary>
    public async Task<PasswordCheck> CheckAsync(string? accountInput, string password, string? from = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await CheckNowAsync(accountInput, password, from, cancellationToken).ConfigureAwait(false);
        }
        catch (PasswordQueueFullException)
        {
            return PasswordCheck.Busy;
        }
    }

    private async Task<PasswordCheck> CheckNowAsync(string? accountInput, string password, string? from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (AccountName.Parse(accountInput).Name is not { } account)
        {
            await hasher.VerifyAsync(null, password, cancellationToken).ConfigureAwait(false);
            return PasswordCheck.Failed;
        }

        var state = await LoadAsync(account, cancellationToken).ConfigureAwait(false);
        // A disabled staff account answers like an unknown one: nobody learns it exists.
        var usable = state.IsOpen && !state.Disabled && !state.IsLockedAt(time.GetUtcNow(), from);
        var matched = await hasher.VerifyAsync(usable ? state.PasswordHash : null, password, cancellationToken).ConfigureAwait(false);
        if (!usable)
            return PasswordCheck.Failed;

        // Now is read after the slow verification: the attempt is recorded when it ends.
        var command = new RecordPasswordSignIn(Guid.CreateVersion7(), account, time.GetUtcNow(), matched, options.Value.Lockout, from);
        var outcome = await pipeline.SendAsync(command, NoReadModels, cancellationToken).ConfigureAwait(false);
        return matched && outcome.TryGetValue(out var recorded) && recorded.Changed ? new PasswordCheck(account, state) : PasswordCheck.Failed;
    }

    // Sign-in reads the account's stream itself, never a read model.
    private static readonly string[] NoReadModels = [];

    // Changes to staff accounts wait for the staff list (the administrator's page reads it right after).
    private static readonly string[] StaffReadModel = [ReadModels.Accounts.StaffAccountsProjection.ProjectionName];

    private Task<PasswordAccount> LoadAsync(AccountName account, CancellationToken cancellationToken) =>
        pipeline.LoadAsync<PasswordAccountDecider, PasswordAccount, AccountCommand, AccountEvent>(PasswordAccount.StreamName(account), cancellationToken);
}

/// <summary>A password sign-in's result: the account when the password matched an open, unlocked account; otherwise nothing more.</summary>
public sealed record PasswordCheck(AccountName? Account, PasswordAccount? State, bool WasBusy = false)
{
    public static PasswordCheck Failed { get; } = new(null, null);

    /// <summary>Not checked: the hashing queue was full.</summary>
    public static PasswordCheck Busy { get; } = new(null, null, WasBusy: true);

    public bool Succeeded => Account is not null;
}
