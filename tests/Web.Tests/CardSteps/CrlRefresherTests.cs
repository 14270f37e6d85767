using System.Security.Cryptography;
using Domain.Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pkix.Revocation;
using Pkix.Validation;
using TestPki;
using Web.CardSteps;
using Web.CardSteps.Trust;
using Web.Tests.TestSupport;

namespace Web.Tests.CardSteps;

/// <summary>
/// CRLs refreshed while the service runs: newer ones from the configured files and URLs are taken once verified,
/// older, forged and unreadable ones never, an unchanged source costs no new read, and the held CRL stays when a
/// source fails. The test PKI's CAs publish the new CRLs (TestPki.ExtraCrls); the URL is served by a real HTTP server.
/// </summary>
public sealed class CrlRefresherTests : IAsyncDisposable
{
    private readonly PkiManifest _pki = TestPkiCache.Get();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-crl-refresh-tests", Guid.NewGuid().ToString("N"));
    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly FakeTimeProvider _clock;
    private readonly CrlFreshness _freshness = new();
    private CrlServer? _server;

    public CrlRefresherTests()
    {
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs));
        _clock = new FakeTimeProvider(_pki.ReferenceInstants.Now);
        foreach (var file in Directory.EnumerateFiles(_pki.Root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(_pki.Root, file);
            // The CAs and the small CRLs: the 400,000-entry one is not what these tests are about.
            if (!(relative.StartsWith("ca", StringComparison.Ordinal) || relative.StartsWith("crl", StringComparison.Ordinal)) || relative.Contains("large", StringComparison.Ordinal))
                continue;
            var target = Path.Combine(_folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _loggers.Dispose();
        _logs.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private LeafEntry GoodOrganisationCard => _pki.Leaves.First(l => l.Issuer == "gca" && l.Case == LeafCase.Valid && l.Kind == CertificateKind.Organisation);

    private CrlEntry GcaCrl => _pki.Crl("gca");

    private string GcaCrlPath => Path.Combine(_folder, "crl", "gca.crl");

    /// <summary>A CRL of gca published a day after the generated one, with a later number, revoking the good card too.</summary>
    private byte[] NextGcaCrl(int days = 1, long? number = null, string? signedByKeyOf = null) => ExtraCrls.Issue(_pki, "gca", number ?? GcaCrl.CrlNumber + days,
        GcaCrl.ThisUpdate.AddDays(days), GcaCrl.NextUpdate, GcaCrl.RevokedLeaves.Select(l => _pki.Leaf(l).SerialNumber).Append(GoodOrganisationCard.SerialNumber), signedByKeyOf);

    private (FileTrustStore Store, CrlRefresher Refresher) Start(params Uri[] urls)
    {
        var options = Options.Create(new CardStepOptions
        {
            PublicOrigin = "https://evs.example.gov.tw",
            Trust = new TrustOptions
            {
                Directory = _folder,
                Kinds = new()
                {
                    [CertificateKind.Organisation] = new() { Anchors = ["ca/grca-g?.pem"], IssuingCas = ["ca/gca.pem", "ca/xca.pem", "ca/moeaca.pem", "ca/hca.pem"] },
                    [CertificateKind.Citizen] = new() { Anchors = ["ca/grca-g?.pem"], IssuingCas = ["ca/moica-g?.pem"] },
                },
                Crls = ["crl/*.crl"],
                CrlRefresh = new CrlRefreshOptions { Urls = [.. urls] },
            },
        });
        var environment = new HostingEnvironment { ContentRootPath = "/", EnvironmentName = "Production" };
        var store = new FileTrustStore(options, environment, _loggers.CreateLogger<FileTrustStore>(), null, _clock, _freshness);
        return (store, new CrlRefresher(store, _freshness, options, environment, _clock, _loggers.CreateLogger<CrlRefresher>()));
    }

    private async Task<CrlIndex?> GcaCrlHeld(FileTrustStore store)
    {
        var snapshot = await store.GetAsync();
        var gca = snapshot.Configuration.Kinds[CertificateKind.Organisation].IssuingCas.Single(c => c.KeyIdHex == _pki.Ca("gca").SubjectKeyId);
        return snapshot.Crls.For(gca);
    }

    [Fact]
    public async Task A_newer_CRL_file_is_taken_at_the_next_pass_and_revokes_what_it_lists_while_unchanged_files_are_not_read_again()
    {
        var (store, refresher) = Start();
        var first = await GcaCrlHeld(store);
        await refresher.RefreshAsync();
        var afterUnchangedPass = await GcaCrlHeld(store);

        await File.WriteAllBytesAsync(GcaCrlPath, NextGcaCrl());
        _clock.Advance(TimeSpan.FromHours(1));
        await refresher.RefreshAsync();
        var renewed = await GcaCrlHeld(store);

        first!.Contains(GoodOrganisationCard.SerialNumber).ShouldBeFalse();
        afterUnchangedPass.ShouldBeSameAs(first);
        _logs.Entries.ShouldNotContain(e => e.Text.Contains("taken from", StringComparison.Ordinal) && e.Text.Contains("gca.crl", StringComparison.Ordinal)
            && e.Text.Contains($"number {GcaCrl.CrlNumber} ", StringComparison.Ordinal));
        renewed!.Number.ShouldBe(GcaCrl.CrlNumber + 1);
        renewed.Contains(GoodOrganisationCard.SerialNumber).ShouldBeTrue();
        var held = _freshness.Held((await store.GetAsync()).Crls).Single(h => ReferenceEquals(h.Crl, renewed));
        held.Origin!.Source.ShouldBe(GcaCrlPath);
        held.Origin.ObtainedAt.ShouldBe(_clock.GetUtcNow());
        _freshness.Status(GcaCrlPath)!.Problem.ShouldBeNull();
    }

    [Fact]
    public async Task An_older_a_forged_or_an_unreadable_CRL_is_never_taken_and_the_one_held_stays()
    {
        var (store, refresher) = Start();
        var held = await GcaCrlHeld(store);
        var forged = Path.Combine(_folder, "crl", "zz-forged.crl");
        var older = Path.Combine(_folder, "crl", "zz-older.crl");
        var garbage = Path.Combine(_folder, "crl", "zz-garbage.crl");

        // Under gca's name and key id, a later number, but signed with another CA's key.
        await File.WriteAllBytesAsync(forged, NextGcaCrl(days: 5, signedByKeyOf: "moeaca"));
        // gca's own signature, the same number as the one held and an earlier date.
        await File.WriteAllBytesAsync(older, ExtraCrls.Issue(_pki, "gca", GcaCrl.CrlNumber, GcaCrl.ThisUpdate.AddDays(-1), GcaCrl.NextUpdate, [GoodOrganisationCard.SerialNumber]));
        await File.WriteAllTextAsync(garbage, "-----BEGIN X509 CRL-----\nbm90IGEgQ1JM\n-----END X509 CRL-----\n");
        await refresher.RefreshAsync();

        (await GcaCrlHeld(store)).ShouldBeSameAs(held);
        held!.Contains(GoodOrganisationCard.SerialNumber).ShouldBeFalse();
        _freshness.Status(forged)!.Problem!.Kind.ShouldBe(CrlProblemKind.NotVerified);
        _freshness.Status(garbage)!.Problem!.Kind.ShouldBe(CrlProblemKind.NotVerified);
        _freshness.Status(older)!.Problem.ShouldBeNull(); // genuine, merely not newer
        _logs.Entries.ShouldContain(e => e.Level == LogLevel.Error && e.Text.Contains("zz-forged.crl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_CRL_URL_is_downloaded_verified_and_asked_again_only_whether_it_changed()
    {
        _server = await CrlServer.StartAsync();
        var url = new Uri(_server.Address, "/crl/gca.crl");
        _server.Serve(NextGcaCrl(days: 2), "\"v1\"");
        var (store, refresher) = Start(url);
        await store.GetAsync();

        await refresher.RefreshAsync();
        var downloaded = await GcaCrlHeld(store);
        await refresher.RefreshAsync();
        var conditional = _server.NotModifiedAnswers;

        _server.Serve(NextGcaCrl(days: 3, signedByKeyOf: "xca"), "\"v2\"");
        await refresher.RefreshAsync();
        var afterForgery = await GcaCrlHeld(store);
        var forgeryStatus = _freshness.Status(url.ToString());

        _server.Fail();
        await refresher.RefreshAsync();
        var afterFailure = await GcaCrlHeld(store);

        downloaded!.Number.ShouldBe(GcaCrl.CrlNumber + 2);
        downloaded.Contains(GoodOrganisationCard.SerialNumber).ShouldBeTrue();
        _freshness.Held((await store.GetAsync()).Crls).Single(h => ReferenceEquals(h.Crl, downloaded)).Origin!.Source.ShouldBe(url.ToString());
        conditional.ShouldBe(1);
        afterForgery.ShouldBeSameAs(downloaded);
        forgeryStatus!.Problem!.Kind.ShouldBe(CrlProblemKind.NotVerified);
        afterFailure.ShouldBeSameAs(downloaded);
        var failed = _freshness.Status(url.ToString())!;
        failed.Problem!.Kind.ShouldBe(CrlProblemKind.Unreachable);
        failed.Problem.Detail.ShouldContain("HTTP 500");
        failed.LastSuccess.ShouldNotBeNull();
        _server.Requests.ShouldBe(4);
    }

    [Fact]
    public async Task A_download_larger_than_the_limit_is_refused_without_reading_it_all()
    {
        _server = await CrlServer.StartAsync();
        var url = new Uri(_server.Address, "/crl/gca.crl");
        _server.Serve(RandomNumberGenerator.GetBytes(200_000), "\"big\"", chunked: true);
        var (store, _) = Start(url);
        var options = Options.Create(new CardStepOptions { PublicOrigin = "https://evs.example.gov.tw", Trust = new TrustOptions { Directory = _folder, CrlRefresh = new CrlRefreshOptions { Urls = [url], MaxDownloadBytes = 100_000 } } });
        var refresher = new CrlRefresher(store, _freshness, options, new HostingEnvironment { ContentRootPath = "/" }, _clock, _loggers.CreateLogger<CrlRefresher>());
        var held = await GcaCrlHeld(store);

        await refresher.RefreshAsync();

        _freshness.Status(url.ToString())!.Problem!.Kind.ShouldBe(CrlProblemKind.TooLarge);
        (await GcaCrlHeld(store)).ShouldBeSameAs(held);
    }

    /// <summary>Serves one CRL at any path, with an ETag, answering 304 to a matching If-None-Match; or 500 when told to fail.</summary>
    private sealed class CrlServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private volatile byte[] _body = [];
        private volatile string _tag = "\"none\"";
        private volatile bool _failing;
        private volatile bool _chunked;
        private int _requests;
        private int _notModified;

        private CrlServer(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;

        public int Requests => _requests;

        public int NotModifiedAnswers => _notModified;

        public static async Task<CrlServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var server = new CrlServer(app);
            app.Run(server.AnswerAsync);
            await app.StartAsync();
            server.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return server;
        }

        public void Serve(byte[] body, string tag, bool chunked = false)
        {
            _body = body;
            _tag = tag;
            _chunked = chunked;
            _failing = false;
        }

        public void Fail() => _failing = true;

        private async Task AnswerAsync(HttpContext context)
        {
            Interlocked.Increment(ref _requests);
            if (_failing)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }
            context.Response.Headers.ETag = _tag;
            if (context.Request.Headers.IfNoneMatch == _tag)
            {
                Interlocked.Increment(ref _notModified);
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            context.Response.ContentType = "application/pkix-crl";
            if (!_chunked)
                context.Response.ContentLength = _body.Length;
            await context.Response.Body.WriteAsync(_body);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private sealed class HostingEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "Web";
        public string ContentRootPath { get; set; } = "/";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
