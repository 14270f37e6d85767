using System.Buffers.Text;
using System.Security.Cryptography;
using EventStore.State;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Web.Authentication;

namespace Web.State;

/// <summary>
/// Sign-in sessions on the server (kind <see cref="StateKinds.SignInSession"/>, owner = the session's subject): the
/// cookie carries only a random reference, so signing out deletes the row and a copied cookie finds nothing, and
/// <see cref="EndAllFor"/> (account disabled, roles changed) ends every session of a person on its next request.
/// </summary>
public sealed class DatabaseTicketStore(IStateStore state, IDataProtectionProvider protection, TimeProvider time) : ITicketStore
{
    private readonly IDataProtector _protector = protection.CreateProtector("evs-sign-in-session");

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var owner = Owner(ticket);
        var key = $"{owner}\n{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        Write(key, ticket);
        return Task.FromResult(key);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        // A renewal never brings back a row that sign-out or EndAllFor removed.
        if (Split(key) is { } parts && state.Find(StateKinds.SignInSession, parts.Owner, parts.Id) is not null)
            Write(key, ticket);
        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (Split(key) is not { } parts || state.Find(StateKinds.SignInSession, parts.Owner, parts.Id) is not { } row)
            return Task.FromResult<AuthenticationTicket?>(null);
        try
        {
            return Task.FromResult(TicketSerializer.Default.Deserialize(_protector.Unprotect(row.Value)));
        }
        catch (CryptographicException)
        {
            return Task.FromResult<AuthenticationTicket?>(null);
        }
    }

    public Task RemoveAsync(string key)
    {
        if (Split(key) is { } parts)
            state.Remove(StateKinds.SignInSession, parts.Owner, parts.Id);
        return Task.CompletedTask;
    }

    /// <summary>Ends every session of <paramref name="subject"/>; each is refused on its next request.</summary>
    public int EndAllFor(string subject) => state.RemoveOwner(StateKinds.SignInSession, subject);

    /// <summary>How many sessions of <paramref name="subject"/> are live.</summary>
    public int CountFor(string subject) => state.List(StateKinds.SignInSession, subject).Count;

    private void Write(string key, AuthenticationTicket ticket)
    {
        var parts = Split(key) ?? throw new ArgumentException("not a session key", nameof(key));
        var expires = ticket.Properties.ExpiresUtc ?? time.GetUtcNow() + SessionCookie.IdleTimeout;
        state.Put(StateKinds.SignInSession, parts.Owner, parts.Id, _protector.Protect(TicketSerializer.Default.Serialize(ticket)), expires);
    }

    private static string Owner(AuthenticationTicket ticket) =>
        ticket.Principal.FindFirst(SessionClaims.Subject)?.Value is { Length: > 0 } subject ? subject : "-";

    private static (string Owner, string Id)? Split(string? key)
    {
        var newline = key?.LastIndexOf('\n') ?? -1;
        return newline > 0 ? (key![..newline], key[(newline + 1)..]) : null;
    }
}

/// <summary>Puts <see cref="DatabaseTicketStore"/> behind the sign-in cookie.</summary>
internal sealed class UseDatabaseTicketStore(DatabaseTicketStore store) : Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (name == CookieAuthenticationDefaults.AuthenticationScheme)
            options.SessionStore = store;
    }
}
