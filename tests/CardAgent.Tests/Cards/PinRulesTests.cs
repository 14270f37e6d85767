using CardAgent.Cards;
using Domain.Certificates;

namespace CardAgent.Tests.Cards;

/// <summary>PIN format rules per card kind.</summary>
public sealed class PinRulesTests
{
    [Theory]
    [InlineData("123456", CertificateKind.Citizen, true)]
    [InlineData("12345678", CertificateKind.Citizen, true)]
    [InlineData("12345", CertificateKind.Citizen, false)]
    [InlineData("123456789", CertificateKind.Citizen, false)]
    [InlineData("12345a", CertificateKind.Citizen, false)]
    [InlineData("abc123", CertificateKind.Organisation, true)]
    [InlineData("abc12", CertificateKind.Organisation, false)]
    [InlineData("abc 123", CertificateKind.Organisation, false)]
    [InlineData("密碼123456", CertificateKind.Organisation, false)]
    public void PIN_is_checked_for_length_and_characters(string pin, CertificateKind kind, bool accepted)
    {
        using var code = PinCode.FromString(pin);

        var error = PinRules.Check(code, kind);

        (error is null).ShouldBe(accepted);
        if (error is not null)
            error.Code.ShouldBe(AgentErrorCode.PIN_FORMAT);
    }

    [Fact]
    public void PIN_is_wiped_on_dispose_and_never_prints()
    {
        var pin = PinCode.FromString("123456");
        pin.ToString().ShouldBe("****");
        var block = pin.ToPinBlock();
        // A view of the PIN's own buffer, taken while it is valid, shows what dispose leaves in memory.
        var held = pin.Ascii;
        held.ToArray().ShouldBe("123456"u8.ToArray());

        pin.Dispose();

        held.ToArray().ShouldBe(new byte[6], "the PIN's bytes are zeroed, not only hidden");
        block.ShouldBe(new byte[] { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0xFF, 0xFF }, "the PIN block is a copy its user wipes");
        Should.Throw<ObjectDisposedException>(() => pin.Ascii.Length);
    }
}
