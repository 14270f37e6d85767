using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Domain.Certificates.Cards;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TestPki;
using Web.CardSteps;
using Web.Tests.TestSupport;

namespace Web.Tests.CardSteps;

/// <summary>
/// The real app (its own wiring and appsettings defaults) with the test PKI as trust, a configured public origin that
/// is not the test server's host, and a fake clock at the PKI's reference instant.
/// </summary>
public class CardStepApp : WebAppFactory
{
    /// <summary>
    /// The origin the service is configured to be; the test server itself answers as http://localhost (another port, so
    /// the origin provably comes from configuration). Loopback http: an https origin turns on the transport hardening
    /// (HTTPS redirection, __Host- cookies, AllowedHosts = its host), which tests/Security.Tests prove behind a real proxy.
    /// </summary>
    public const string PublicOrigin = "http://localhost:5999";

    public PkiManifest Pki { get; } = TestPkiCache.Get();

    public FakeTimeProvider Clock { get; }

    public CardStepApp() => Clock = new FakeTimeProvider(Pki.ReferenceInstants.Now);

    public CardStepService CardSteps => Services.GetRequiredService<CardStepService>();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Web:PublicOrigin", PublicOrigin),
        new("Web:Trust:Directory", Pki.Root),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>Card tokens as the agent makes them, signed here with the test PKI's card keys.</summary>
public static class CardTokens
{
    /// <summary>The token of a test PKI card for (origin, challenge), optionally with the card number beside it.</summary>
    public static string Sign(PkiManifest pki, string leafName, string origin, string challenge, string? cardNumber = null)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var leaf = pki.Leaf(leafName);
        var pem = File.ReadAllText(pki.PathOf(leaf.KeyPath));
        var value = CardTokenVerifier.SignedValue(HashAlgorithmName.SHA256, origin, challenge);
        byte[] signature;
        string algorithm;
        if (leaf.KeyAlgorithm.StartsWith("EC", StringComparison.Ordinal))
        {
            using var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            signature = ec.SignData(value, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            algorithm = "ES256";
        }
        else
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            // PS256, as the agent makes for RSA cards (RS256 is refused on agent-only steps: Web:Signers:PssRequired).
            signature = rsa.SignData(value, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
            algorithm = "PS256";
        }

        var token = JsonNode.Parse(new CardToken(leaf.CertificateDer(), signature, algorithm).ToJson())!;
        if (cardNumber is not null)
            token["cardNumber"] = cardNumber;
        return token.ToJsonString();
    }
}
