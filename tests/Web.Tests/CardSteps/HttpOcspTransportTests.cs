using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Pkix.Revocation;
using Pkix.Validation;
using TestPki;
using TestPki.Ocsp;
using Web.CardSteps.Trust;

namespace Web.Tests.CardSteps;

/// <summary>The host's OCSP transport over real HTTP on 127.0.0.1: TestPki's responder, and a bare listener for odd answers.</summary>
public sealed class HttpOcspTransportTests : IAsyncLifetime
{
    private readonly PkiManifest _pki = TestPkiCache.Get();
    private readonly HttpClient _http = new();
    private OcspResponder _responder = null!;

    public Task InitializeAsync()
    {
        _responder = OcspResponder.Start(OcspCa.AllOf(_pki), new FakeTimeProvider(_pki.ReferenceInstants.Now));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _responder.DisposeAsync();
        _http.Dispose();
    }

    private OcspClient Client(Uri responder, TimeSpan timeout) =>
        new(new HttpOcspTransport(_http), new OcspOptions { ResponderOverride = responder, Timeout = timeout }, new FakeTimeProvider(_pki.ReferenceInstants.Now));

    private Task<RevocationStatus> AskAsync(OcspClient client, string leaf) =>
        client.CheckAsync(PkixCertificate.FromPemOrDer(_pki.Leaf(leaf).CertificateDer()), PkixCertificate.FromPemOrDer(_pki.Ca("moica-g2").CertificateDer()));

    [Fact]
    public async Task A_request_posted_over_HTTP_brings_back_the_responder_s_answer()
    {
        var client = Client(_responder.Url, TimeSpan.FromSeconds(30));

        var good = await AskAsync(client, "citizen-moica2-rsa");
        var revoked = await AskAsync(client, "citizen-revoked");

        good.IsGood.ShouldBeTrue(good.Failure?.ToString());
        revoked.Failure!.Code.ShouldBe(CertificateFailureCode.Revoked);
        _responder.RequestCount.ShouldBe(2);
    }

    [Fact]
    public async Task A_responder_slower_than_the_timeout_is_cut_off()
    {
        _responder.Behaviour = new() { Delay = TimeSpan.FromSeconds(3) };

        var answer = await new HttpOcspTransport(_http).PostAsync(_responder.Url, [0x30, 0x00], TimeSpan.FromMilliseconds(300), CancellationToken.None);

        answer.TimedOut.ShouldBeTrue();
        answer.Body.ShouldBeNull();
    }

    [Fact]
    public async Task A_port_nobody_listens_on_is_an_error_not_a_timeout()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closed = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
        probe.Stop();

        var answer = await new HttpOcspTransport(_http).PostAsync(closed, [0x30, 0x00], TimeSpan.FromSeconds(30), CancellationToken.None);

        answer.TimedOut.ShouldBeFalse();
        answer.Body.ShouldBeNull();
        answer.Error.ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, 64 * 1024 + 1, "larger than 64 KiB")]
    [InlineData(HttpStatusCode.InternalServerError, 10, "HTTP 500")]
    public async Task An_oversized_or_failed_answer_is_refused(HttpStatusCode status, int length, string error)
    {
        await using var server = BareServer.Start(status, new byte[length]);

        var answer = await new HttpOcspTransport(_http).PostAsync(server.Url, [0x30, 0x00], TimeSpan.FromSeconds(30), CancellationToken.None);

        answer.Body.ShouldBeNull();
        answer.Error!.ShouldContain(error);
    }

    [Fact]
    public async Task An_answer_of_exactly_64_KiB_is_taken()
    {
        await using var server = BareServer.Start(HttpStatusCode.OK, new byte[64 * 1024]);

        var answer = await new HttpOcspTransport(_http).PostAsync(server.Url, [0x30, 0x00], TimeSpan.FromSeconds(30), CancellationToken.None);

        answer.Body!.Length.ShouldBe(64 * 1024);
    }

    /// <summary>An HTTP listener that answers every request with one status and body.</summary>
    private sealed class BareServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        private BareServer(HttpStatusCode status, byte[] body)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
            probe.Stop();
            _listener.Prefixes.Add(Url.ToString());
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (true)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    // Stopped: while waiting (HttpListenerException, ObjectDisposedException) or before the loop came back
                    // to wait (InvalidOperationException: "call Start() first").
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }
                    context.Response.StatusCode = (int)status;
                    context.Response.ContentLength64 = body.Length;
                    try
                    {
                        await context.Response.OutputStream.WriteAsync(body);
                        context.Response.Close();
                    }
                    catch (Exception e) when (e is HttpListenerException or IOException)
                    {
                        // The client stopped reading at its limit.
                    }
                }
            });
        }

        public Uri Url { get; }

        public static BareServer Start(HttpStatusCode status, byte[] body) => new(status, body);

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _loop;
            _listener.Close();
        }
    }
}
