using System.Net;
using System.Text.RegularExpressions;

namespace Security.Tests.Harness;

/// <summary>
/// One browser at one client address, as the app sees it through the proxy: requests go to Kestrel from the listed
/// proxy address (127.0.0.1) with <c>X-Forwarded-For: address</c> and <c>X-Forwarded-Proto: https</c>, exactly
/// what nginx sends, so a test can be many clients at once. Keeps its cookies and the last page's form tokens.
/// </summary>
public sealed partial class Visitor(SecureDeployment deployment, string address) : IDisposable
{
    private readonly HttpClient _client = deployment.ClientDirectFrom(IPAddress.Loopback);
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public string Address { get; } = address;

    /// <summary>The antiforgery token of the last page fetched.</summary>
    public string? RequestToken { get; private set; }

    /// <summary>The card-step challenge of the last page fetched.</summary>
    public string? Challenge { get; private set; }

    public async Task<(HttpResponseMessage Response, string Html)> GetAsync(string path)
    {
        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));
        return (response, Read(await response.Content.ReadAsStringAsync()));
    }

    // Keeps the page's antiforgery token and card-step challenge for the next post.
    private string Read(string html)
    {
        if (TokenMeta().Match(html) is { Success: true } token)
            RequestToken = token.Groups[1].Value;
        if (ChallengeInput().Match(html) is { Success: true } challenge)
            Challenge = WebUtility.HtmlDecode(challenge.Groups[1].Value);
        return html;
    }

    /// <summary>A form post with the last page's antiforgery token (when there is one).</summary>
    public async Task<(HttpResponseMessage Response, string Html)> PostAsync(string path, params (string Name, string Value)[] fields)
    {
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (RequestToken is not null)
            values.Add(new("__RequestVerificationToken", RequestToken));
        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(values) });
        return (response, Read(await response.Content.ReadAsStringAsync()));
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Host = $"localhost:{deployment.Proxy.HttpsPort}";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", Address);
        if (_cookies.Count > 0)
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await _client.SendAsync(request);
        foreach (var setCookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = setCookie.Split(';')[0];
            var name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
            var value = pair[(name.Length + 1)..];
            if (value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                _cookies.Remove(name);
            else
                _cookies[name] = value;
        }
        return response;
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("""<meta name="request-verification-token" content="([^"]+)""")]
    private static partial Regex TokenMeta();

    [GeneratedRegex("""name="CardStep.Challenge" value="([^"]+)""")]
    private static partial Regex ChallengeInput();
}
