using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Domain.Certificates;
using Domain.Certificates.Revocation;
using Domain.Certificates.Tokens;
using Domain.Certificates.Validation;
using LimboHarness.Cases;

namespace Bench.Scenarios;

/// <summary>
/// Card-token verification throughput with a warm CA-path and CRL cache, next to raw RSA-2048 and
/// ECDSA P-256 verification in the same run; load time of a 400,000-entry CRL; CRL lookup cost.
/// </summary>
public sealed class CertificatesScenario : IBenchScenario
{
    private const string Origin = "http://localhost:5080";
    private const int LargeCrlEntries = 400_000;

    public string Name => "certificates";

    public string Description => "card-token verifications/s (warm caches) vs raw RSA/ECDSA verify; 400k-entry CRL load and lookup";

    public async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var threads = Environment.ProcessorCount;
        var now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new FixedClock(now);

        var root = TestCertificates.Issue(new() { CommonName = "bench-grca", IsCa = true, UseRsa = true });
        var moica = TestCertificates.Issue(new() { CommonName = "bench-moica", IsCa = true, Issuer = root, PathLength = 0, UseRsa = true });
        TestCertificate Citizen(bool rsa) => TestCertificates.Issue(new()
        {
            CommonName = "bench-citizen", Issuer = moica, UseRsa = rsa, KeyUsage = System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.DigitalSignature,
            DirectoryAttributes = [("2.16.886.1.100.2.51", "1234")],
        });
        var rsaLeaf = Citizen(rsa: true);
        var ecLeaf = Citizen(rsa: false);

        Console.Error.WriteLine($"building a {LargeCrlEntries:N0}-entry CRL…");
        var serials = Enumerable.Range(0, LargeCrlEntries).Select(i => BitConverter.GetBytes(0x4000_0000 + i).Reverse().ToArray());
        var largeCrl = moica.IssueCrl(serials, now.AddDays(-1), now.AddDays(7));

        // CRL load: the first load includes JIT, so report the median of five.
        var loads = new List<double>();
        CrlIndex index = null!;
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            index = CrlIndex.Load(largeCrl, moica.Parsed).Index ?? throw new InvalidOperationException("the bench CRL does not load");
            loads.Add(watch.Elapsed.TotalMilliseconds);
        }

        var smallIndex = CrlIndex.Load(moica.IssueCrl(Enumerable.Range(0, 1000).Select(i => BitConverter.GetBytes(0x4000_0000 + i).Reverse().ToArray()), now.AddDays(-1), now.AddDays(7)), moica.Parsed).Index!;
        var probe = rsaLeaf.Parsed.SerialHex;
        var largeLookup = NanosecondsPer(() => index.Contains(probe), 2_000_000);
        var smallLookup = NanosecondsPer(() => smallIndex.Contains(probe), 2_000_000);

        var crls = new CrlStore();
        crls.Add(index);
        var trust = new TrustConfiguration
        {
            Kinds = new Dictionary<CertificateKind, KindTrust> { [CertificateKind.Citizen] = new([root.Parsed], [moica.Parsed]) },
        };
        var verifier = new CardTokenVerifier(new CardCertificateValidator(trust, crls, null, new RevocationOptions { Mode = RevocationMode.CrlOnly }, clock));
        const string challenge = "bench-challenge-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        var rsaToken = Token(rsaLeaf, "RS256", ((RSA)rsaLeaf.Key).SignData(CardTokenVerifier.SignedValue(HashAlgorithmName.SHA256, Origin, challenge), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var ecToken = Token(ecLeaf, "ES256", ((ECDsa)ecLeaf.Key).SignData(CardTokenVerifier.SignedValue(HashAlgorithmName.SHA256, Origin, challenge), HashAlgorithmName.SHA256));
        foreach (var token in (string[])[rsaToken, ecToken])
        {
            var check = await verifier.VerifyAsync(token, Origin, Origin, challenge, CertificateKind.Citizen);
            if (!check.IsValid) throw new InvalidOperationException("the bench token does not verify: " + check.Failure);
        }

        var rsaTokens = await Throughput(threads, seconds, () => verifier.VerifyAsync(rsaToken, Origin, Origin, challenge, CertificateKind.Citizen).Result.IsValid);
        var ecTokens = await Throughput(threads, seconds, () => verifier.VerifyAsync(ecToken, Origin, Origin, challenge, CertificateKind.Citizen).Result.IsValid);

        var message = new byte[64];
        using var rsaKey = RSA.Create(2048);
        var rsaSignature = rsaKey.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var ecKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ecSignature = ecKey.SignData(message, HashAlgorithmName.SHA256);
        var rawRsa = await Throughput(threads, seconds, () => rsaKey.VerifyData(message, rsaSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var rawEc = await Throughput(threads, seconds, () => ecKey.VerifyData(message, ecSignature, HashAlgorithmName.SHA256));

        Console.WriteLine();
        Console.WriteLine($"{threads} threads, {seconds:0.#} s per measurement.");
        Console.WriteLine();
        Console.WriteLine("| measurement | result | target |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine($"| card token RS256 (RSA-2048 leaf), warm path + CRL | {rsaTokens:N0} /s | ≥ 5,000 /s |");
        Console.WriteLine($"| card token ES256 (P-256 leaf, RSA-2048 CA), warm path + CRL | {ecTokens:N0} /s | ≥ 5,000 /s |");
        Console.WriteLine($"| raw RSA-2048 PKCS#1 verify | {rawRsa:N0} /s | |");
        Console.WriteLine($"| raw ECDSA P-256 verify | {rawEc:N0} /s | |");
        Console.WriteLine($"| load + verify + index {LargeCrlEntries:N0}-entry CRL ({largeCrl.Length / 1024.0 / 1024.0:0.0} MiB), median of 5 | {Median(loads):N0} ms (first {loads[0]:N0} ms) | < 3,000 ms |");
        Console.WriteLine($"| revocation lookup, {LargeCrlEntries:N0} entries | {largeLookup:0} ns | O(1) |");
        Console.WriteLine($"| revocation lookup, 1,000 entries | {smallLookup:0} ns | |");
        return 0;
    }

    private static string Token(TestCertificate leaf, string algorithm, byte[] signature) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["format"] = CardToken.Format,
        ["certificate"] = Convert.ToBase64String(leaf.Der),
        ["signature"] = Convert.ToBase64String(signature),
        ["algorithm"] = algorithm,
    });

    private static async Task<double> Throughput(int threads, double seconds, Func<bool> operation)
    {
        for (var i = 0; i < 200; i++)
            operation();
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Run(() =>
        {
            long done = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                if (!operation()) throw new InvalidOperationException("an operation failed during the benchmark");
                done++;
            }

            return done;
        })));
        return counts.Sum() / watch.Elapsed.TotalSeconds;
    }

    private static double NanosecondsPer(Func<bool> lookup, int iterations)
    {
        var hits = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
            hits += lookup() ? 1 : 0;
        GC.KeepAlive(hits);
        return watch.Elapsed.TotalNanoseconds / iterations;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
