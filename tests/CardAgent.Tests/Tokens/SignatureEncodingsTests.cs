using System.Formats.Asn1;
using System.Security.Cryptography;
using CardAgent.Tokens;

namespace CardAgent.Tests.Tokens;

/// <summary>The agent's own encodings, checked against the BCL's verifiers.</summary>
public sealed class SignatureEncodingsTests
{
    [Theory]
    [InlineData(2048)]
    [InlineData(3072)]
    [InlineData(4096)]
    public void PSS_encoding_signed_with_raw_RSA_verifies_as_RSASSA_PSS(int bits)
    {
        using var rsa = RSA.Create(bits);
        var message = RandomNumberGenerator.GetBytes(64);
        var encoded = SignatureEncodings.PssEncodeSha256(SHA256.HashData(message), rsa.KeySize);
        var p = rsa.ExportParameters(true);
        var m = new System.Numerics.BigInteger(encoded, isUnsigned: true, isBigEndian: true);
        var s = System.Numerics.BigInteger.ModPow(m, new System.Numerics.BigInteger(p.D, true, true), new System.Numerics.BigInteger(p.Modulus, true, true));
        var signature = new byte[p.Modulus!.Length];
        var bytes = s.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(signature, signature.Length - bytes.Length);

        rsa.VerifyData(message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss).ShouldBeTrue();
    }

    [Fact]
    public void DER_ECDSA_signature_becomes_fixed_length_r_and_s()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var data = RandomNumberGenerator.GetBytes(40);
        var der = ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        var plain = SignatureEncodings.ToIeeeP1363(der, 32);

        plain.Length.ShouldBe(64);
        ecdsa.VerifyData(data, plain, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation).ShouldBeTrue();
    }

    [Fact]
    public void Short_components_are_left_padded_with_zeros()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(new byte[] { 0x01, 0x02 });
            writer.WriteIntegerUnsigned(new byte[] { 0xFF });
        }

        var plain = SignatureEncodings.ToIeeeP1363(writer.Encode(), 32);

        plain[30..32].ShouldBe(new byte[] { 0x01, 0x02 });
        plain[63].ShouldBe((byte)0xFF);
        plain[..30].ShouldAllBe(b => b == 0);
    }

    [Fact]
    public void Signed_value_is_the_hash_of_the_origin_then_the_hash_of_the_challenge()
    {
        var value = SignedValue.Compute(TokenAlgorithm.ES384, "https://ecpa.example", "abc");

        value.Length.ShouldBe(96);
        value[..48].ShouldBe(SHA384.HashData("https://ecpa.example"u8));
        value[48..].ShouldBe(SHA384.HashData("abc"u8));
    }
}
