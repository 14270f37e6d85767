using System.Globalization;

namespace TestPki.Ocsp;

/// <summary><c>TestPki serve-ocsp</c>: runs the responder for every CA of a generated PKI until Ctrl+C.</summary>
internal static class OcspCommand
{
    public static async Task<int> ServeAsync(PkiManifest pki, Dictionary<string, string> options)
    {
        var port = options.TryGetValue("port", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : new Uri(pki.BaseUrl).Port;
        await using var responder = OcspResponder.Start(OcspCa.AllOf(pki), port: port);
        Console.WriteLine($"OCSP responder for {pki.Cas.Count} CAs of {pki.Root} on {responder.Url} (POST application/ocsp-request); Ctrl+C stops it");
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the normal way to stop.
        }

        return 0;
    }
}
