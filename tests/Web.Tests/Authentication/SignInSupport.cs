using AngleSharp.Dom;
using Domain.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReadModels.ReferenceData;
using TestPki;
using Web.Authentication.Passwords;
using Web.CardSteps;
using Web.Tests.CardSteps;
using Web.Tests.TestSupport;

namespace Web.Tests.Authentication;

/// <summary>Opens accounts and posts the sign-in form through HTTP, as a browser would (antiforgery included).</summary>
public static class SignInSupport
{
    public const string Password = "Test-Password-1";

    public static HttpClient Client(WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WebAppFactory, Task> Imported = [];

    /// <summary>Imports <see cref="DemoPeople"/> once per app (test classes share one app per class).</summary>
    public static Task LoadPeopleAsync(WebAppFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        lock (Imported)
            return Imported.GetValue(factory, f => ReferenceDataImport.ImportDemoPeopleAsync(f.Services));
    }

    /// <summary>The test PKI card whose holder (王小明) holds every staff account opened here: the second sign-in step uses it.</summary>
    public const string StaffCard = "citizen-moica2-rsa";

    /// <summary>Opens the account unless it exists; a staff account is held by <see cref="StaffCard"/>'s holder.</summary>
    public static Task OpenAsync(WebApplicationFactory<Program> factory, string account, AccountKind kind, params string[] roles) =>
        OpenAsync(factory, account, kind, kind == AccountKind.Staff ? StaffCard : null, roles);

    /// <summary>Opens the account unless it exists; a staff account held by the holder of <paramref name="holderCard"/>.</summary>
    public static async Task OpenAsync(WebApplicationFactory<Program> factory, string account, AccountKind kind, string? holderCard, IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var accounts = factory.Services.GetRequiredService<PasswordAccounts>();
        var name = AccountName.Of(account);
        if (!await accounts.ExistsAsync(name))
            (await accounts.OpenAsync(name, kind, roles, account, Password, "test", holderCard is null ? null : StaffHolder(factory, holderCard))).ShouldBeNull();
    }

    /// <summary>The holder of <paramref name="card"/> as an administrator would record them (keyed hash with the app's key).</summary>
    public static StaffCardHolder StaffHolder(WebApplicationFactory<Program> factory, string card = StaffCard)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var citizen = TestPkiCache.Get().Leaf(card).Citizen!;
        var id = Domain.Common.NationalId.Parse(citizen.NationalId).Id!.Value;
        return new StaffCardHolder(factory.Services.GetRequiredService<NationalIdHashKey>().Hash(id), id.Masked, citizen.Name, id.LastFour);
    }

    /// <summary>
    /// A staff sign-in with both factors: the password, then — on the second step the answer shows — a card token of
    /// <paramref name="card"/> for that step's challenge. The card step's answer (302 once signed in).
    /// </summary>
    public static async Task<HttpResponseMessage> SignInStaffAsync(
        WebApplicationFactory<Program> factory, HttpClient client, string account, string password = Password, string card = StaffCard, string? returnUrl = null)
    {
        using var passwordStep = await PostPasswordAsync(client, account, password, returnUrl);
        passwordStep.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, "a proven staff password answers with the card step, not a session");
        return await PostStaffCardAsync(factory, client, passwordStep, card);
    }

    /// <summary>Answers the staff card step <paramref name="cardStepPage"/> shows with a token of <paramref name="card"/>.</summary>
    public static async Task<HttpResponseMessage> PostStaffCardAsync(WebApplicationFactory<Program> factory, HttpClient client, HttpResponseMessage cardStepPage, string card = StaffCard)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var form = await CardStepForm.FromAsync(cardStepPage);
        form.Action.ShouldContain("handler=VerifyStaffCard");
        var origin = factory.Services.GetRequiredService<IOptions<CardStepOptions>>().Value.PublicOrigin;
        return await form.PostAsync(client, CardTokens.Sign(TestPkiCache.Get(), card, origin, form.Challenge), htmx: false);
    }

    /// <summary>A client whose session is the staff account <paramref name="account"/> (opened if new, held by <paramref name="holderCard"/>'s holder) with <paramref name="roles"/>, signed in with both factors.</summary>
    public static async Task<HttpClient> SignedInStaffAsync(WebApplicationFactory<Program> factory, string account, string holderCard, IReadOnlyList<string> roles)
    {
        await OpenAsync(factory, account, AccountKind.Staff, holderCard, roles);
        var client = Client(factory);
        using var response = await SignInStaffAsync(factory, client, account, card: holderCard);
        ((int)response.StatusCode).ShouldBe(302, "the sign-in should redirect once the session is open");
        return client;
    }

    /// <summary>A client signed in as the administrator <paramref name="account"/> (the detailed status page, the admin pages).</summary>
    public static Task<HttpClient> AdministratorAsync(WebApplicationFactory<Program> factory, string account = "admin", string holderCard = StaffCard) =>
        SignedInStaffAsync(factory, account, holderCard, [Web.Authentication.Roles.Administrator]);

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
