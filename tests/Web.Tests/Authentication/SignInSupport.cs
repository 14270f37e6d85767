using AngleSharp.Dom;
using Domain.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Web.Authentication.Passwords;
using Web.Tests.TestSupport;

namespace Web.Tests.Authentication;

/// <summary>Opens accounts and posts the sign-in form through HTTP, as a browser would (antiforgery included).</summary>
public static class SignInSupport
{
    public const string Password = "Test-Password-1";

    public static HttpClient Client(WebAppFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WebAppFactory, Task> Imported = [];

    /// <summary>Imports <see cref="DemoPeople"/> once per app (test classes share one app per class).</summary>
    public static Task LoadPeopleAsync(WebAppFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        lock (Imported)
            return Imported.GetValue(factory, f => ReferenceDataImport.ImportDemoPeopleAsync(f.Services));
    }

    public static async Task OpenAsync(WebAppFactory factory, string account, AccountKind kind, params string[] roles)
    {
        var accounts = factory.Services.GetRequiredService<PasswordAccounts>();
        var name = AccountName.Of(account);
        if (!await accounts.ExistsAsync(name))
            (await accounts.OpenAsync(name, kind, roles, account, Password, "test")).ShouldBeNull();
    }

    /// <summary>The hidden antiforgery field of the page's first form.</summary>
    public static string FormToken(IDocument page) =>
        page.QuerySelector("form input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("the page has no form with an antiforgery field");

    public static async Task<HttpResponseMessage> PostPasswordAsync(HttpClient client, string account, string password, string? returnUrl = null, bool htmx = false)
    {
        using var form = await client.GetAsync("/Account/SignIn");
        var token = FormToken(await Html.ParseAsync(form));
        var url = "/Account/SignIn?handler=Password" + (returnUrl is null ? "" : "&returnUrl=" + Uri.EscapeDataString(returnUrl));
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent([new("Input.Account", account), new("Input.Password", password), new("__RequestVerificationToken", token)]),
        };
        if (htmx)
            request.Headers.Add("HX-Request", "true");
        return await client.SendAsync(request);
    }
}
