using AngleSharp.Dom;
using Web.CardSteps;
using Web.Tests.TestSupport;

namespace Web.Tests.CardSteps;

/// <summary>
/// A card step page as a browser without the agent sees it: its challenge, its form token, where it posts, and the
/// browser session the page started (null when the client already had one).
/// </summary>
public sealed record CardStepForm(IDocument Page, string Challenge, string FormToken, string Action, string? SessionId)
{
    /// <summary>Every cookie the page set (name=value), for clients that do not keep cookies themselves.</summary>
    public IReadOnlyList<string> Cookies { get; init; } = [];

    /// <summary>GETs the page (the client keeps the session and antiforgery cookies) and reads its card step form.</summary>
    public static async Task<CardStepForm> OpenAsync(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        var page = await Html.ParseAsync(response);
        var form = page.QuerySelector("form[data-card-step]") ?? throw new InvalidOperationException($"{path} shows no card step");
        var all = response.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]).ToList() : [];
        return new CardStepForm(
            page,
            form.QuerySelector("input[name='CardStep.Challenge']")!.GetAttribute("value")!,
            form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            form.GetAttribute("action")!,
            response.Headers.TryGetValues("Set-Cookie", out var cookies)
                ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith(BrowserSession.CookieName + "=", StringComparison.Ordinal))?[(BrowserSession.CookieName.Length + 1)..]
                : null)
        {
            Cookies = all,
        };
    }

    /// <summary>The card step a response just showed (after a form post moved a wizard on), read from that response.</summary>
    public static async Task<CardStepForm> FromAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var page = await Html.ParseAsync(response);
        var form = page.QuerySelector("form[data-card-step]") ?? throw new InvalidOperationException("the response shows no card step");
        return new CardStepForm(page, form.QuerySelector("input[name='CardStep.Challenge']")!.GetAttribute("value")!,
            form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!, form.GetAttribute("action")!, null);
    }

    /// <summary>Posts the form as htmx does (or as a plain form post) with the token and the feature's fields.</summary>
    public async Task<HttpResponseMessage> PostAsync(HttpClient client, string token, IEnumerable<KeyValuePair<string, string>>? fields = null, bool htmx = true, string? challenge = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var values = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", FormToken),
            new("CardStep.Challenge", challenge ?? Challenge),
            new("CardStep.Token", token),
        };
        values.AddRange(fields ?? []);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Action, UriKind.Relative)) { Content = new FormUrlEncodedContent(values) };
        if (htmx)
            request.Headers.Add("HX-Request", "true");
        return await client.SendAsync(request);
    }
}
