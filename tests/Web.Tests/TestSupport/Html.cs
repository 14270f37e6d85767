using AngleSharp;
using AngleSharp.Dom;

namespace Web.Tests.TestSupport;

/// <summary>Parses HTML answers with a real HTML parser, so tests assert on elements rather than substrings.</summary>
public static class Html
{
    public static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(html));
    }

    /// <summary>The antiforgery token a page publishes for htmx (meta tag).</summary>
    public static string RequestToken(IDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.QuerySelector("meta[name=request-verification-token]")?.GetAttribute("content")
            ?? throw new InvalidOperationException("the page has no request-verification-token meta tag");
    }

    /// <summary>What a browser posts for <paramref name="form"/> as served: every named input with its value (hidden fields and the antiforgery token included).</summary>
    public static FormUrlEncodedContent FormFields(IElement form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new FormUrlEncodedContent(form.QuerySelectorAll("input[name]")
            .Select(input => new KeyValuePair<string, string>(input.GetAttribute("name")!, input.GetAttribute("value") ?? "")));
    }
}
