using Pkix.Revocation;

namespace Web.CardSteps.Trust;

/// <summary>The HTTP transport: POST application/ocsp-request, with the timeout enforced here so a slow responder cannot hold a sign-in.</summary>
public sealed class HttpOcspTransport(HttpClient http) : IOcspTransport
{
    /// <summary>Responses larger than this are refused (a responder cannot make us buffer megabytes).</summary>
    private const int MaxResponseBytes = 64 * 1024;

    public async Task<OcspTransportResult> PostAsync(Uri responder, byte[] request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, responder) { Content = new ByteArrayContent(request) };
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/ocsp-request");
            // Headers only: the body is read below, bounded, instead of buffered whole by HttpClient.
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return new OcspTransportResult(null, false, $"HTTP {(int)response.StatusCode}");
            // Read at most one byte past the limit, whatever the headers claim.
            await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            var buffer = new byte[MaxResponseBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), deadline.Token).ConfigureAwait(false)) > 0)
                length += read;
            return length > MaxResponseBytes
                ? new OcspTransportResult(null, false, "the response is larger than 64 KiB")
                : new OcspTransportResult(buffer[..length], false, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new OcspTransportResult(null, true, null);
        }
        catch (HttpRequestException e)
        {
            return new OcspTransportResult(null, false, e.Message);
        }
    }
}
