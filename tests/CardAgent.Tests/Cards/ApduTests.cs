using CardAgent.Cards;

namespace CardAgent.Tests.Cards;

/// <summary>Short APDU encoding and decoding (ISO 7816-4 cases 1–4).</summary>
public sealed class ApduTests
{
    [Theory]
    [InlineData("00A4040C", null, null)]
    [InlineData("00B0000000", null, 256)]
    [InlineData("0020008108313233343536FFFF", "313233343536FFFF", null)]
    [InlineData("002A9E9A0401020304" + "00", "01020304", 256)]
    public void Encoding_and_decoding_are_inverse(string hex, string? data, int? le)
    {
        var parsed = CommandApdu.Parse(Convert.FromHexString(hex))!;

        parsed.Data.ShouldBe(data is null ? [] : Convert.FromHexString(data));
        parsed.Le.ShouldBe(le);
        Convert.ToHexString(parsed.ToBytes()).ShouldBe(hex);
    }

    [Fact]
    public void Data_over_255_bytes_cannot_be_a_short_APDU()
    {
        Should.Throw<InvalidOperationException>(() => new CommandApdu(0, 0x2A, 0x9E, 0x9A, new byte[256], null).ToBytes());
    }

    [Fact]
    public void The_data_field_never_prints_so_a_PIN_cannot_reach_a_log()
    {
        var verify = new CommandApdu(0, CardProfile.InsVerify, 0, CardProfile.PinReference, "123456\xFF\xFF"u8.ToArray(), null);

        verify.ToString().ShouldNotContain("31");
        verify.ToString().ShouldNotContain("123456");
    }

    [Fact]
    public void Response_splits_data_and_status_word()
    {
        var response = ResponseApdu.Parse([0xAB, 0xCD, 0x63, 0xC2]);

        response.Data.ShouldBe(new byte[] { 0xAB, 0xCD });
        response.StatusWord.ShouldBe((ushort)0x63C2);
        Should.Throw<CardProtocolException>(() => ResponseApdu.Parse([0x90]));
    }
}
