using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Harness;

/// <summary>One request as the browser sent it.</summary>
public sealed record RecordedRequest(string Method, string Url, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>Whether <paramref name="secret"/> appears anywhere in it, raw or URL-/form-encoded.</summary>
    public bool Contains(string secret)
    {
        var forms = new[] { secret, WebUtility.UrlEncode(secret), Uri.EscapeDataString(secret) };
        var texts = new[] { Url, WebUtility.UrlDecode(Url), Body, WebUtility.UrlDecode(Body) }
            .Concat(Headers.Select(h => $"{h.Key}: {h.Value}"));
        return texts.Any(t => forms.Any(f => t.Contains(f, StringComparison.OrdinalIgnoreCase)));
    }

    public override string ToString() => $"{Method} {Url}";
}

/// <summary>
/// Records every request a browser context sends, split by destination: to the web server (which must
/// never see a PIN) and to the card agent (which legitimately does).
/// </summary>
public sealed class RequestRecorder
{
    private readonly string _webOrigin;
    private readonly string _agentOrigin;
    private readonly ConcurrentQueue<RecordedRequest> _captures = new();

    public RequestRecorder(IBrowserContext context, string webOrigin, string agentOrigin)
    {
        ArgumentNullException.ThrowIfNull(context);
        _webOrigin = webOrigin.TrimEnd('/');
        _agentOrigin = agentOrigin.TrimEnd('/');
        context.Request += (_, request) => _captures.Enqueue(Capture(request));
    }

    // The headers the page set, taken as the request leaves: AllHeadersAsync waits for what the network reports back,
    // which never comes for a request the page abandons (a reader poll cut short by a navigation), and hung a test.
    private static RecordedRequest Capture(IRequest request)
    {
        var body = request.PostDataBuffer is { } buffer ? Encoding.UTF8.GetString(buffer) : "";
        return new RecordedRequest(request.Method, request.Url, request.Headers, body);
    }

    private Task<IReadOnlyList<RecordedRequest>> AllAsync() => Task.FromResult<IReadOnlyList<RecordedRequest>>(_captures.ToArray());

    /// <summary>Requests to the web server (same origin as the pages).</summary>
    public async Task<IReadOnlyList<RecordedRequest>> ToWebServerAsync() =>
        (await AllAsync()).Where(r => r.Url.StartsWith(_webOrigin + "/", StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Requests to the card agent.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> ToCardAgentAsync() =>
        (await AllAsync()).Where(r => r.Url.StartsWith(_agentOrigin + "/", StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Fails, naming the request, if <paramref name="secret"/> (a PIN, say) ever went to the web server.</summary>
    public async Task ShouldNeverHaveSentToWebServerAsync(string secret)
    {
        var toServer = await ToWebServerAsync();
        toServer.ShouldNotBeEmpty("no request to the web server was recorded, so the check would prove nothing");
        var leaks = toServer.Where(r => r.Contains(secret)).ToList();
        leaks.ShouldBeEmpty($"the secret was sent to the web server in: {string.Join(", ", leaks)}");
    }
}
