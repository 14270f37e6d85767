using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Domain.Certificates;
using Domain.Certificates.Cards;
using LimboHarness.Cases;
using Pkix.Revocation;
using Pkix.Validation;
using TestPki;

namespace Bench.Scenarios;

/// <summary>
/// Card-token verification throughput with a warm CA-path and CRL cache (the card's and MOICA's status
/// both checked), next to raw RSA-2048 and ECDSA P-256 verification in the same run; load time of a
/// 400,000-entry CRL; CRL lookup cost.
/// </summary>
public sealed class CertificatesScenario : IBenchScenario
{
    private const string Origin = "http://localhost:5080";

    public string Name => "certificates";

    public string Description => "card-token verifications/s (warm caches) vs raw RSA/ECDSA verify; 400k-entry CRL load and lookup";

    public async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var threads = Environment.ProcessorCount;
        var pki = TestPkiCache.Get();
        var clock = new FixedClock(pki.ReferenceInstants.Now);
        var moica = TaiwanTrust.Ca(pki, "moica-g2");
        var largeCrl = File.ReadAllBytes(pki.Crl(PkiGenerator.LargeCrlName).Path);

        // CRL load: the first load includes JIT, so report the median of five.
        var loads = new List<double>();
        CrlIndex index = null!;
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            index = CrlIndex.Load(largeCrl, moica).Index ?? throw new InvalidOperationException("the large CRL does not load");
            loads.Add(watch.Elapsed.TotalMilliseconds);
        }

        var smallIndex = CrlIndex.Load(File.ReadAllBytes(pki.Crl("moica-g2").Path), moica).Index!;
        var probe = TaiwanTrust.Leaf(pki, "citizen-moica2-rsa").SerialHex;
        var largeLookup = NanosecondsPer(() => index.Contains(probe), 2_000_000);
        var smallLookup = NanosecondsPer(() => smallIndex.Contains(probe), 2_000_000);

        var crls = new CrlStore();
        crls.Add(index);
        // MOICA's own status comes from the root's CRL: every certificate below the anchor is checked.
        crls.Add(CrlIndex.Load(File.ReadAllBytes(pki.Crl("grca-g2").Path), TaiwanTrust.Ca(pki, "grca-g2")).Index!);
        var verifier = new CardTokenVerifier(new CardCertificateValidator(TaiwanTrust.From(pki), crls, null, new RevocationOptions { Mode = RevocationMode.CrlOnly }, clock));
        const string challenge = "q8Jx3c0Vb7m2Tt1yZ4oHkP9wLrN5sQeAaUdGfXiCjEo";
        var rsaToken = Token(pki.Leaf("citizen-moica2-rsa"), "RS256", challenge);
        var ecToken = Token(pki.Leaf("citizen-moica2-ec"), "ES256", challenge);
        foreach (var token in (string[])[rsaToken, ecToken])
        {
            var check = await verifier.VerifyAsync(token, Origin, Origin, challenge, CertificateKind.Citizen);
            if (!check.IsValid) throw new InvalidOperationException("the bench token does not verify: " + check.Failure);
        }


        // First sight of each card: distinct keys, so each verification imports the card's key.
        var moicaWithKey = TaiwanTrust.CaWithKey(pki, "moica-g2");
        var coldEc = FreshCards(moicaWithKey, 2000, rsa: false, challenge);
        var coldRsa = FreshCards(moicaWithKey, 100, rsa: true, challenge);
        var coldEcRate = await OnePass(threads, coldEc, t => verifier.VerifyAsync(t, Origin, Origin, challenge, CertificateKind.Citizen).Result.IsValid);
        var coldRsaRate = await OnePass(threads, coldRsa, t => verifier.VerifyAsync(t, Origin, Origin, challenge, CertificateKind.Citizen).Result.IsValid);

        var message = new byte[64];
        using var rsaKey = RSA.Create(2048);
        var rsaSignature = rsaKey.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var ecKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ecSignature = ecKey.SignData(message, HashAlgorithmName.SHA256);

        // The machine is shared: interleave one-second rounds of every measurement and keep each one's
        // best round, so a burst of someone else's load does not land on one measurement only.
        Func<bool>[] operations =
        [
            () => verifier.VerifyAsync(rsaToken, Origin, Origin, challenge, CertificateKind.Citizen).Result.IsValid,
            () => verifier.VerifyAsync(ecToken, Origin, Origin, challenge, CertificateKind.Citizen).Result.IsValid,
            () => rsaKey.VerifyData(message, rsaSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            () => ecKey.VerifyData(message, ecSignature, HashAlgorithmName.SHA256),
        ];
        var best = new double[operations.Length];
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < operations.Length; i++)
                best[i] = Math.Max(best[i], await Throughput(threads, 1, operations[i]));
        }

        var (rsaTokens, ecTokens, rawRsa, rawEc) = (best[0], best[1], best[2], best[3]);

        Console.WriteLine();
        Console.WriteLine($"{threads} threads; throughput: best of {rounds} interleaved one-second rounds.");
        Console.WriteLine();
        Console.WriteLine("| measurement | result | target |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine($"| card token RS256 (RSA-2048 leaf), warm path + CRL | {rsaTokens:N0} /s | ≥ 5,000 /s |");
        Console.WriteLine($"| card token ES256 (P-256 leaf, RSA-2048 CA), warm path + CRL | {ecTokens:N0} /s | ≥ 5,000 /s |");
        Console.WriteLine($"| card token ES256, first sight of each of {coldEc.Count:N0} cards (key import included) | {coldEcRate:N0} /s | |");
        Console.WriteLine($"| card token RS256, first sight of each of {coldRsa.Count:N0} cards (key import included) | {coldRsaRate:N0} /s | |");
        Console.WriteLine($"| raw RSA-2048 PKCS#1 verify | {rawRsa:N0} /s | |");
        Console.WriteLine($"| raw ECDSA P-256 verify | {rawEc:N0} /s | |");
        Console.WriteLine($"| load + verify + index {index.Count:N0}-entry CRL ({largeCrl.Length / 1024.0 / 1024.0:0.0} MiB), median of 5 | {Median(loads):N0} ms (first {loads[0]:N0} ms) | < 3,000 ms |");
        Console.WriteLine($"| revocation lookup, {index.Count:N0} entries | {largeLookup:0} ns | O(1) |");
        Console.WriteLine($"| revocation lookup, MOICA g2 small CRL ({smallIndex.Count:N0} {(smallIndex.Count == 1 ? "entry" : "entries")}) | {smallLookup:0} ns | |");
        return 0;
    }

    private static string Token(LeafEntry leaf, string algorithm, string challenge)
    {
        using var key = TaiwanTrust.LeafKey(leaf);
        var value = CardTokenVerifier.SignedValue(HashAlgorithmName.SHA256, Origin, challenge);
        var signature = key is RSA rsa ? rsa.SignData(value, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) : ((ECDsa)key).SignData(value, HashAlgorithmName.SHA256);
        return new CardToken(leaf.CertificateDer(), signature, algorithm).ToJson();
    }

    private static List<string> FreshCards(TestCertificate moica, int count, bool rsa, string challenge) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var card = TestCertificates.Issue(new()
            {
                CommonName = $"bench-{i}", Issuer = moica, UseRsa = rsa, NotBefore = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
                KeyUsage = System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.DigitalSignature,
                DirectoryAttributes = TestCertificateSpec.CitizenCard("1234"),
            });
            var value = CardTokenVerifier.SignedValue(HashAlgorithmName.SHA256, Origin, challenge);
            var signature = card.Key is RSA key ? key.SignData(value, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) : ((ECDsa)card.Key).SignData(value, HashAlgorithmName.SHA256);
            return new CardToken(card.Der, signature, rsa ? "RS256" : "ES256").ToJson();
        }).ToList();

    private static async Task<double> OnePass(int threads, List<string> tokens, Func<string, bool> verify)
    {
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            for (var i = t; i < tokens.Count; i += threads)
            {
                if (!verify(tokens[i])) throw new InvalidOperationException("a fresh card's token does not verify");
            }
        })));
        return tokens.Count / watch.Elapsed.TotalSeconds;
    }

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
