using Domain.Common;

namespace Domain.Tests.Common;

public class NationalIdTests
{
    [Theory]
    [InlineData("A123456789")]
    [InlineData("a123456789")]
    [InlineData(" F131104093 ")]
    [InlineData("A800000014")]
    public void Accepts_ids_with_a_valid_checksum(string input)
    {
        var result = NationalId.Parse(input);
        result.Error.ShouldBeNull();
        result.Id!.Value.Value.ShouldBe(input.Trim().ToUpperInvariant());
    }

    [Theory]
    [InlineData("A123456788")]
    [InlineData("B123456789")]
    public void Rejects_a_wrong_check_digit(string input) =>
        NationalId.Parse(input).Error.ShouldBe(NationalIdError.Checksum);

    [Theory]
    [InlineData("A12345678")]
    [InlineData("A1234567890")]
    [InlineData("1123456789")]
    [InlineData("A323456789")]
    [InlineData("A12345678X")]
    [InlineData("Ａ123456789")]
    public void Rejects_malformed_input_as_a_format_error(string input) =>
        NationalId.Parse(input).Error.ShouldBe(NationalIdError.Format);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Reports_a_missing_id(string? input) =>
        NationalId.Parse(input).Error.ShouldBe(NationalIdError.Missing);

    [Fact]
    public void Every_error_has_a_zh_TW_message_and_a_valid_id_has_none()
    {
        foreach (var input in new[] { "", "A12", "A123456788" })
            NationalId.Parse(input).Message.ShouldNotBeNullOrWhiteSpace();
        NationalId.Parse("A123456789").Message.ShouldBeNull();
    }

    [Fact]
    public void Masks_the_middle_four_digits_and_never_prints_the_whole_id()
    {
        var id = NationalId.Parse("A123456789").Id!.Value;
        id.Masked.ShouldBe("A12****789");
        id.ToString().ShouldBe("A12****789");
        $"{id}".ShouldNotContain("3456");
    }

    [Fact]
    public void Gives_the_last_four_digits_certificates_carry() =>
        NationalId.Parse("A123456789").Id!.Value.LastFour.ShouldBe("6789");

    [Fact]
    public void Completes_a_prefix_with_its_check_digit()
    {
        NationalId.WithCheckDigit("A12345678").Value.ShouldBe("A123456789");
        Should.Throw<ArgumentException>(() => NationalId.WithCheckDigit("A3"));
    }

    [Fact]
    public void Hash_is_stable_per_key_and_differs_between_keys_and_ids()
    {
        var a = NationalId.Parse("A123456789").Id!.Value;
        var b = NationalId.Parse("F131104093").Id!.Value;
        var key1 = "key-one"u8.ToArray();
        var key2 = "key-two"u8.ToArray();
        a.Hash(key1).ShouldBe(a.Hash(key1));
        a.Hash(key1).ShouldNotBe(a.Hash(key2));
        a.Hash(key1).ShouldNotBe(b.Hash(key1));
        a.Hash(key1).ShouldNotContain("123456789");
    }
}
