using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Web.Tests.CardSteps;

namespace Web.Tests.TestSupport;

/// <summary>
/// A browser that opened the 授權指派 sitting over HTTP, as a manager does: the organisation card step, then the manager's,
/// each with a card token signed by the test PKI's card for the app's public origin. Needs an app whose
/// <c>Web:PublicOrigin</c> is <see cref="CardStepApp.PublicOrigin"/> and whose trust directory is the test PKI.
/// </summary>
public static class GrantSittingBrowser
{
    public static async Task<(HttpClient Client, CookieContainer Jar)> OpenSittingAsync(this DemoDataHandlerApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.RegisterAsync();
        await app.CaughtUpAsync();
        var jar = new CookieContainer();
        var client = app.CreateDefaultClient(new CookieContainerHandler(jar));
        foreach (var (leaf, field, value) in new[] { ("org-gca-rsa", "Step.AgencyCode", DemoDataHandlerApp.Agency), ("citizen-moica2-rsa", "Step.ManagerNationalId", DemoDataHandlerApp.ManagerId) })
        {
            var form = await CardStepForm.OpenAsync(client, "/Grants");
            using var _ = await form.PostAsync(client, CardTokens.Sign(app.Pki, leaf, CardStepApp.PublicOrigin, form.Challenge), [new(field, value)], htmx: false);
        }
        (await SittingAgencyAsync(client)).ShouldBe(DemoDataHandlerApp.Agency);
        return (client, jar);
    }

    /// <summary>The agency of the sitting /Grants shows, or null when it asks for the card steps.</summary>
    public static async Task<string?> SittingAgencyAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var page = await client.GetAsync(new Uri("/Grants", UriKind.Relative));
        return (await Html.ParseAsync(page)).QuerySelector("[data-testid=sitting-agency]")?.TextContent;
    }
}
