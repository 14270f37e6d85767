using System.Net;
using Domain.Accounts;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Web.Authentication;
using Web.CardSteps;
using Web.Tests.Authentication;
using Web.Tests.ReferenceData;
using Web.Tests.TestSupport;

namespace Web.Tests.State;

/// <summary>
/// One instance of the app for the state tests: the settings say which database it shares with its peers (a folder
/// of SQLite files kept across a restart, or a PostgreSQL database), and clients carry a cookie jar of their own
/// that can be handed from one instance to another, as one browser talks to whichever node the balancer picks.
/// </summary>
public sealed class StateNode(IReadOnlyDictionary<string, string?> settings) : ReferenceDataApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => settings.Concat(
    [
        new("Authentication:Passwords:MemoryKiB", "1024"),
        new("Authentication:Passwords:Iterations", "1"),
    ]);

    /// <summary>A browser: its cookies live in <paramref name="jar"/>, redirects are not followed.</summary>
    public HttpClient Browser(CookieContainer jar) => CreateDefaultClient(new CookieContainerHandler(jar));

    public static IReadOnlyDictionary<string, string?> OnSqlite(string folder) => new Dictionary<string, string?>
    {
        ["EventStore:Provider"] = "sqlite",
        ["EventStore:Sqlite:Path"] = Path.Combine(folder, "events.db"),
    };

    /// <summary>Server mode: nodes given the same <paramref name="nationalIdHashKey"/> agree, as every node of a cluster must.</summary>
    public static IReadOnlyDictionary<string, string?> OnPostgres(string connectionString, string folder, string nationalIdHashKey) => new Dictionary<string, string?>
    {
        ["PersonalData:NationalIdHashKey"] = nationalIdHashKey,
        ["EventStore:Provider"] = "postgres",
        ["EventStore:Postgres:ConnectionString"] = connectionString,
        ["ReadModels:Path"] = Path.Combine(folder, "readmodels.db"),
    };

    /// <summary>Opens the staff account (if new) and signs <paramref name="browser"/> in with its password and its holder's card.</summary>
    public async Task SignInAsync(HttpClient browser, string account, params string[] roles)
    {
        await SignInSupport.OpenAsync(this, account, AccountKind.Staff, roles);
        using var response = await SignInSupport.SignInStaffAsync(this, browser, account);
        ((int)response.StatusCode).ShouldBe(302, "the sign-in should redirect once the session is open");
    }

    /// <summary>The terms of use in force, so a registration wizard can start (imported through this node).</summary>
    public async Task<EventStore.Position> ImportTermsAsync()
    {
        const string text = "使用條款：測試用。";
        return (await ImportAsync(Domain.ReferenceData.ReferenceDataKind.TermsOfUse,
            $"version,effective_from,text_sha256\nstate-1,2025-01-01,{Domain.ReferenceData.TermsOfUse.HashText(text)}\n", ("terms.txt", text))).Position;
    }

    /// <summary>The browser-session id inside the sealed <c>evs-session</c> cookie <paramref name="jar"/> holds.</summary>
    public string? BrowserSessionOf(CookieContainer jar) =>
        BrowserSession.Open(Get<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(),
            jar.GetCookies(new Uri("http://localhost/")).FirstOrDefault(c => c.Name == BrowserSession.CookieName)?.Value);

    /// <summary>A second browser holding a copy of every cookie of the first (a stolen or shared cookie).</summary>
    public static CookieContainer Copy(CookieContainer jar)
    {
        var copy = new CookieContainer();
        foreach (Cookie cookie in jar.GetAllCookies())
            copy.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        return copy;
    }

    public static bool SentToSignIn(HttpResponseMessage response) =>
        (int)response.StatusCode == 302 && response.Headers.Location?.OriginalString.Contains(SessionCookie.SignInPath, StringComparison.OrdinalIgnoreCase) == true;
}
