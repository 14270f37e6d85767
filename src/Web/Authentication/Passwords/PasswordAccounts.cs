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
    /// <summary>Hashes the password and opens the account; a taken name is a rejection.</summary>
    public async Task<Rejection?> OpenAsync(
        AccountName account, AccountKind kind, IReadOnlyList<string> roles, string displayName, string password, string actor, CancellationToken cancellationToken = default)
    {
        var hash = await hasher.HashAsync(password, cancellationToken).ConfigureAwait(false);
        var command = new OpenPasswordAccount(Guid.CreateVersion7(), account, time.GetUtcNow(), kind, roles, displayName, hash, actor);
        var outcome = await pipeline.SendAsync(command, NoReadModels, cancellationToken).ConfigureAwait(false);
        return outcome.Succeeded ? null : outcome.Rejections[0];
    }

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
        var usable = state.IsOpen && !state.IsLockedAt(time.GetUtcNow(), from);
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
