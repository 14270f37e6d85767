using CardAgent.Cards;
using CardAgent.Emulation;
using CardAgent.Tests.Support;

namespace CardAgent.Tests.Emulation;

/// <summary>The emulated card keeps the profile's rules: PIN counter, blocking, security state, file access.</summary>
public sealed class EmulatedCardTests : IDisposable
{
    private readonly TempDirectory cards = new();

    public void Dispose() => cards.Dispose();

    private (EmulatedCard Card, List<int> Saved) Card(string algorithm = "RSA-2048", int triesLeft = 3)
    {
        var path = TestCards.Write(cards.Path, Guid.NewGuid().ToString("N"), "citizen", algorithm, triesLeft: triesLeft);
        var saved = new List<int>();
        return (new EmulatedCard(CardImage.Load(path), saved.Add), saved);
    }

    private static ResponseApdu Send(EmulatedCard card, CommandApdu command) => card.Process(command.ToBytes());

    private static readonly CommandApdu SelectApplication = new(0x00, CardProfile.InsSelect, CardProfile.SelectByDfName, 0x00, CardProfile.ApplicationId, 256);

    private static CommandApdu Verify(string pin)
    {
        var block = Enumerable.Repeat(CardProfile.PinPadding, 8).ToArray();
        System.Text.Encoding.ASCII.GetBytes(pin).CopyTo(block, 0);
        return new CommandApdu(0x00, CardProfile.InsVerify, 0x00, CardProfile.PinReference, block, null);
    }

    [Fact]
    public void Wrong_PIN_answers_63Cx_with_the_tries_left_and_reports_each_change()
    {
        var (card, saved) = Card();
        Send(card, SelectApplication).IsSuccess.ShouldBeTrue();

        Send(card, Verify("000000")).StatusWord.ShouldBe((ushort)0x63C2);
        Send(card, Verify("000000")).StatusWord.ShouldBe((ushort)0x63C1);

        saved.ShouldBe([2, 1]);
    }

    [Fact]
    public void Third_wrong_PIN_leaves_no_tries_and_the_card_then_answers_6983_to_any_PIN()
    {
        var (card, _) = Card();
        Send(card, SelectApplication);

        Send(card, Verify("000000"));
        Send(card, Verify("000000"));
        Send(card, Verify("000000")).StatusWord.ShouldBe((ushort)0x63C0);
        Send(card, Verify("123456")).StatusWord.ShouldBe(StatusWords.AuthenticationMethodBlocked);
        card.TriesLeft.ShouldBe(0);
    }

    [Fact]
    public void Blocked_image_stays_blocked_when_loaded_again()
    {
        var (card, _) = Card(triesLeft: 0);
        Send(card, SelectApplication);

        Send(card, Verify("123456")).StatusWord.ShouldBe(StatusWords.AuthenticationMethodBlocked);
    }

    [Fact]
    public void Signature_needs_a_verified_PIN_and_the_PIN_state_ends_with_reset_and_with_VERIFY_FF()
    {
        var (card, _) = Card();
        var channel = new ProfileCard(new ApduChannel(card));
        var slot = CardProfile.Slot("auth")!;
        var digestInfo = CardAgent.Tokens.SignatureEncodings.Sha256DigestInfo(new byte[32]);
        channel.SelectApplication().ShouldBeTrue();

        Should.Throw<CardProtocolException>(() => channel.Sign(slot, CardSignatureScheme.RsaPkcs1DigestInfo, digestInfo)).Message.ShouldContain("6982");
        channel.VerifyPin(PinCode.FromString("123456")).State.ShouldBe(PinState.Verified);
        channel.Sign(slot, CardSignatureScheme.RsaPkcs1DigestInfo, digestInfo).Length.ShouldBe(256);
        channel.ResetPinStatus().ShouldBeTrue();
        channel.PinStatus().State.ShouldBe(PinState.Incorrect, "VERIFY without data after the reset says the PIN is not verified");
        channel.VerifyPin(PinCode.FromString("123456"));
        card.Reset();
        channel.SelectApplication();
        channel.PinStatus().State.ShouldBe(PinState.Incorrect, "a card reset drops the PIN state");
    }

    [Fact]
    public void Unknown_AID_and_unknown_file_answer_6A82()
    {
        var (card, _) = Card();

        Send(card, SelectApplication with { Data = [0xA0, 0x00, 0x00, 0x00, 0x01] }).StatusWord.ShouldBe(StatusWords.FileNotFound);
        Send(card, SelectApplication);
        Send(card, new CommandApdu(0x00, CardProfile.InsSelect, CardProfile.SelectEfUnderCurrentDf, 0x04, [0x10, 0x02], 256)).StatusWord.ShouldBe(StatusWords.FileNotFound);
    }

    [Fact]
    public void READ_BINARY_past_the_end_names_the_right_length_with_6Cxx()
    {
        var (card, _) = Card();
        Send(card, SelectApplication);
        var fcp = Send(card, new CommandApdu(0x00, CardProfile.InsSelect, CardProfile.SelectEfUnderCurrentDf, 0x04, [0x10, 0x01], 256));
        var size = fcp.Data[4] << 8 | fcp.Data[5];
        var lastOffset = size - 10;

        var answer = Send(card, new CommandApdu(0x00, CardProfile.InsReadBinary, (byte)(lastOffset >> 8), (byte)lastOffset, [], 200));

        answer.StatusWord.ShouldBe((ushort)0x6C0A);
    }
}
