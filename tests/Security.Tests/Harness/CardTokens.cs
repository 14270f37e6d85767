using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Domain.Certificates.Cards;
using TestPki;

namespace Security.Tests.Harness;

/// <summary>Card tokens as our agent makes them: PS256 over H(origin) ‖ H(challenge) with a test PKI card's key.</summary>
public static class CardTokens
{
    public static string Sign(string leafName, string origin, string challenge)
    {
        var pki = TestPkiCache.Get();
        var leaf = pki.Leaf(leafName);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(pki.PathOf(leaf.KeyPath)));
        var signature = rsa.SignData(CardTokenVerifier.SignedValue(HashAlgorithmName.SHA256, origin, challenge), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        return JsonNode.Parse(new CardToken(leaf.CertificateDer(), signature, "PS256").ToJson())!.ToJsonString();
    }
}
