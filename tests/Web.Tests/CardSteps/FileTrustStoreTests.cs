using Domain.Certificates;
using Domain.Certificates.Cards;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pkix.Validation;
using TestPki;
using Web.CardSteps;
using Web.CardSteps.Trust;
using Web.Tests.TestSupport;

namespace Web.Tests.CardSteps;

/// <summary>The file trust store over the test PKI's output: anchors per kind, the test-CA deny-list, verified CRLs.</summary>
public sealed class FileTrustStoreTests : IDisposable
{
    private readonly PkiManifest _pki = TestPkiCache.Get();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-trust-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _logs.Dispose();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private static TrustOptions TestPkiLayout(string directory) => new()
    {
        Directory = directory,
        Kinds = new()
        {
            [CertificateKind.Organisation] = new() { Anchors = ["ca/grca-g?.pem"], IssuingCas = ["ca/gca.pem", "ca/xca.pem", "ca/moeaca.pem", "ca/hca.pem"] },
            [CertificateKind.Citizen] = new() { Anchors = ["ca/grca-g?.pem"], IssuingCas = ["ca/moica-g?.pem"] },
        },
        DeniedCas = ["ca/test-root.pem", "ca/test-gca.pem"],
        Crls = ["crl/*.crl"],
    };

    private readonly CapturedLogs _logs = new();

    private FileTrustStore Store(TrustOptions trust, string contentRoot = "/", TrustHealth? health = null, TimeProvider? time = null)
    {
        using var loggers = LoggerFactory.Create(b => b.AddProvider(_logs));
        return new(Options.Create(new CardStepOptions { PublicOrigin = "https://evs.example.gov.tw", Trust = trust }), new Environment(contentRoot),
            loggers.CreateLogger<FileTrustStore>(), health, time);
    }

    [Fact]
    public async Task GRCA_G1_as_the_only_anchor_loads_but_is_reported_unusable_in_the_log_and_to_health_with_every_CA_under_it()
    {
        // The real certificates: the well-known GRCA G1 root, and the current MOICA and MOEACA CAs (under GRCA G2).
        Directory.CreateDirectory(Path.Combine(_folder, "ca"));
        foreach (var file in new[] { RealPki.GrcaG1, RealPki.MoicaG2, RealPki.MoeacaG2 })
            File.Copy(RealPki.FilePath(file), Path.Combine(_folder, "ca", file));
        var trust = new TrustOptions
        {
            Directory = _folder,
            Kinds = new()
            {
                [CertificateKind.Organisation] = new() { Anchors = ["ca/" + RealPki.GrcaG1], IssuingCas = ["ca/" + RealPki.MoeacaG2] },
                [CertificateKind.Citizen] = new() { Anchors = ["ca/" + RealPki.GrcaG1], IssuingCas = ["ca/" + RealPki.MoicaG2] },
            },
        };
        using var loggers = LoggerFactory.Create(b => b.AddProvider(_logs));
        var health = new TrustHealth(loggers.CreateLogger<TrustHealth>());
        var at = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));

        var snapshot = await Store(trust, health: health, time: at).GetAsync();

        snapshot.Problems!.Count.ShouldBe(4);
        health.Latest!.Source.ShouldBe("files");
        health.Latest.Problems.ShouldBe(snapshot.Problems);
        var g1 = TrustAudit.Fingerprint(PkixCertificate.FromPemOrDer(RealPki.Der(RealPki.GrcaG1)));
        _logs.Entries.Count(e => e.Level == LogLevel.Error && e.Text.Contains(g1) && e.Text.Contains("BasicConstraints")).ShouldBe(2);
        _logs.Entries.ShouldContain(e => e.Level == LogLevel.Error && e.Text.Contains("工商憑證管理中心") && e.Text.Contains("can never validate a card"));
        _logs.Entries.ShouldContain(e => e.Level == LogLevel.Information && e.Text.Contains("(4 unusable)"));
    }

    [Fact]
    public async Task The_test_PKI_loads_as_anchors_per_kind_with_its_test_CAs_denied_and_its_CRLs_indexed()
    {
        var store = Store(TestPkiLayout(_pki.Root));

        var snapshot = await store.GetAsync();

        snapshot.Configuration.Kinds[CertificateKind.Organisation].IssuingCas.Count.ShouldBe(4);
        snapshot.Configuration.Kinds[CertificateKind.Citizen].Anchors.Select(c => c.KeyIdHex)
            .ShouldBe(new[] { "grca-g2", "grca-g3" }.Select(n => _pki.Ca(n).SubjectKeyId), ignoreOrder: true);
        snapshot.Configuration.Kinds[CertificateKind.Citizen].IssuingCas.Select(c => c.KeyIdHex)
            .ShouldBe(new[] { "moica-g3", "moica-g2" }.Select(n => _pki.Ca(n).SubjectKeyId), ignoreOrder: true);
        snapshot.Configuration.DeniedKeyIds.ShouldBe(new[] { "test-root", "test-gca" }.Select(n => _pki.Ca(n).SubjectKeyId), ignoreOrder: true);
        var moicaG2 = snapshot.Configuration.Kinds[CertificateKind.Citizen].IssuingCas.Single(c => c.KeyIdHex == _pki.Ca("moica-g2").SubjectKeyId);
        // moica-large.crl (400,000 entries, a later CRL number) takes the place of the small one of the same CA.
        snapshot.Crls.For(moicaG2)!.Count.ShouldBe(400_000);
        snapshot.Crls.For(moicaG2)!.Contains(_pki.Leaf("citizen-revoked").SerialNumber).ShouldBeTrue();
        snapshot.Revocation.Mode.ShouldBe(RevocationMode.CrlThenOcsp);
        snapshot.Ocsp.ShouldNotBeNull();
    }

    [Fact]
    public async Task The_material_is_loaded_once_and_shared()
    {
        var store = Store(TestPkiLayout(_pki.Root));

        var both = await Task.WhenAll(store.GetAsync().AsTask(), store.GetAsync().AsTask());

        both[0].ShouldBeSameAs(both[1]);
        (await store.GetAsync()).ShouldBeSameAs(both[0]);
    }

    [Fact]
    public async Task The_directory_is_found_relative_to_the_content_root()
    {
        var store = Store(TestPkiLayout(Path.GetFileName(_pki.Root)), contentRoot: Path.GetDirectoryName(_pki.Root)!);

        (await store.GetAsync()).Configuration.Kinds.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_CRL_signed_by_no_configured_CA_is_left_out_and_the_rest_still_loads()
    {
        CopyPki();
        // The test CA's CRL: its issuer is not among the accepted CAs, so nothing can vouch for it.
        File.Copy(Path.Combine(_pki.Root, "crl", "test-gca.crl"), Path.Combine(_folder, "crl", "zz-test-gca.crl"));
        File.WriteAllText(Path.Combine(_folder, "crl", "zz-garbage.crl"), "-----BEGIN X509 CRL-----\nnot base64\n-----END X509 CRL-----\n");
        var trust = TestPkiLayout(_folder);

        var snapshot = await Store(trust).GetAsync();

        var gca = snapshot.Configuration.Kinds[CertificateKind.Organisation].IssuingCas.Single(c => c.KeyIdHex == _pki.Ca("gca").SubjectKeyId);
        snapshot.Crls.For(gca).ShouldNotBeNull();
        _logs.Entries.ShouldContain(e => e.Level == LogLevel.Error && e.Text.Contains("zz-test-gca.crl"));
        _logs.Entries.ShouldContain(e => e.Level == LogLevel.Error && e.Text.Contains("zz-garbage.crl"));
    }

    [Fact]
    public async Task No_directory_a_missing_file_or_no_kinds_stop_the_load_with_the_reason()
    {
        var unsetDirectory = TestPkiLayout(_pki.Root);
        unsetDirectory.Directory = null;
        var unset = await Should.ThrowAsync<TrustConfigurationException>(async () => await Store(unsetDirectory).GetAsync());
        var missing = TestPkiLayout(_pki.Root);
        missing.Kinds[CertificateKind.Citizen].IssuingCas.Add("ca/moica-g9.pem");
        var missingFile = await Should.ThrowAsync<TrustConfigurationException>(async () => await Store(missing).GetAsync());
        var noKinds = TestPkiLayout(_pki.Root);
        noKinds.Kinds.Clear();
        var empty = await Should.ThrowAsync<TrustConfigurationException>(async () => await Store(noKinds).GetAsync());

        unset.Message.ShouldContain("Web:Trust:Directory");
        missingFile.Message.ShouldContain("moica-g9.pem");
        empty.Message.ShouldContain("Web:Trust:Kinds");
    }

    private void CopyPki()
    {
        foreach (var file in Directory.EnumerateFiles(_pki.Root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(_pki.Root, file);
            if (!relative.StartsWith("ca", StringComparison.Ordinal) && !relative.StartsWith("crl", StringComparison.Ordinal))
                continue;
            var target = Path.Combine(_folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private sealed class Environment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "Web";
        public string ContentRootPath { get; set; } = contentRoot;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
