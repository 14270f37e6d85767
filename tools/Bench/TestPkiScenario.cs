using System.Diagnostics;
using System.Globalization;
using Domain.Certificates;
using TestPki;
using static Bench.ScenarioOptions;

namespace Bench;

/// <summary>What the test PKI and the certificate parser cost: a whole generation, the MOICA-sized CRL, one parse.</summary>
public sealed class TestPkiScenario : IBenchScenario
{
    public string Name => "testpki";

    public string Description => "generate the test PKI, write the 400,000-entry CRL, parse certificates [--generations N] [--parses N]";

    public Task<int> RunAsync(string[] args)
    {
        var generations = Option(args, "--generations", 3);
        var parses = Option(args, "--parses", 200_000);
        var pki = TestPkiCache.Get();

        Console.WriteLine();
        Console.WriteLine("| measurement | size | median | min | allocated per run |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        var folder = Path.Combine(Path.GetTempPath(), "evs-bench-testpki-" + Environment.ProcessId);
        try
        {
            Report("generate the whole PKI (keys, certificates, .p12, CRLs, cards)", $"{pki.Cas.Count} CAs, {pki.Leaves.Count} leaves", 1, generations,
                () => PkiGenerator.Generate(PkiGenerator.DefaultSeed, folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var moica = pki.Ca(PkiGenerator.LargeCrlIssuer);
        var issuer = new IssuingCa(moica.Name, new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(moica.CertificateDer()),
            Keys.ReadPkcs8Pem(File.ReadAllText(moica.KeyPath)), Convert.FromHexString(moica.SubjectKeyId));
        var instants = pki.ReferenceInstants;
        Report("write and sign moica-large.crl", $"{PkiGenerator.LargeCrlEntryCount:N0} entries, {new FileInfo(pki.Crl(PkiGenerator.LargeCrlName).Path).Length / 1_048_576.0:0.0} MiB", 1, 5,
            () => CrlWriter.Write(issuer, 1, instants.CrlThisUpdate, instants.CrlNextUpdate,
                LargeCrl.Entries(PkiGenerator.DefaultSeed, PkiGenerator.LargeCrlEntryCount, []), PkiGenerator.LargeCrlEntryCount));

        foreach (var (name, input) in new[]
        {
            ("parse DER, RSA citizen (citizen-moica2-rsa)", pki.Leaf("citizen-moica2-rsa").CertificateDer()),
            ("parse DER, EC organisation (org-gca-ec)", pki.Leaf("org-gca-ec").CertificateDer()),
            ("parse PEM, RSA organisation (org-moeaca-rsa)", File.ReadAllBytes(pki.Leaf("org-moeaca-rsa").CertificatePath)),
            ("refuse a truncated certificate", pki.Leaf("citizen-moica2-rsa").CertificateDer()[..700]),
        })
        {
            Report(name, $"{input.Length:N0} bytes, x{parses:N0}", parses, 5, () => CertificateParser.Parse(input));
        }
        return Task.FromResult(0);
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="batch"/> times per measured run; reports per call.</summary>
    private static void Report<T>(string what, string size, int batch, int runs, Func<T> action)
    {
        GC.KeepAlive(action());
        var times = new List<double>(runs);
        long allocated = 0;
        for (var run = 0; run < runs; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < batch; i++)
                GC.KeepAlive(action());
            watch.Stop();
            allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / batch;
            times.Add(watch.Elapsed.TotalMilliseconds / batch);
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {size} | {Time(times[times.Count / 2])} | {Time(times[0])} | {Bytes(allocated)} |"));
    }

    private static string Time(double milliseconds) => milliseconds >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds:N1} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{milliseconds * 1000:N1} µs");

    private static string Bytes(long bytes) => bytes >= 1_048_576
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_048_576.0:N1} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:N1} KiB");
}
