using CardAgent.Cards;
using CardAgent.Emulation;
using CardAgent.Tests.Support;

namespace CardAgent.Tests.Cards;

/// <summary>The transport rules (6Cxx, 61xx, chaining) against the emulated card, with every raw exchange recorded.</summary>
public sealed class ApduChannelTests : IDisposable
{
    private readonly TempDirectory cards = new();

    public void Dispose() => cards.Dispose();

    private sealed class RecordingLink(IApduLink inner) : IApduLink
    {
        public List<(byte[] Command, byte[] Response)> Exchanges { get; } = [];

        public byte[] Transmit(ReadOnlySpan<byte> command)
        {
            var response = inner.Transmit(command);
            Exchanges.Add((command.ToArray(), response));
            return response;
        }
    }

    private (RecordingLink Link, ApduChannel Channel) Open()
    {
        var path = TestCards.Write(cards.Path, Guid.NewGuid().ToString("N"), "citizen", "RSA-2048");
        var link = new RecordingLink(new EmulatedCard(CardImage.Load(path), _ => { }));
        var channel = new ApduChannel(link);
        channel.Transmit(new CommandApdu(0x00, CardProfile.InsSelect, CardProfile.SelectByDfName, 0x00, CardProfile.ApplicationId, 256)).IsSuccess.ShouldBeTrue();
        return (link, channel);
    }

    [Fact]
    public void A_6Cxx_answer_is_followed_by_the_same_command_with_the_length_the_card_named()
    {
        var (link, channel) = Open();
        channel.Transmit(new CommandApdu(0x00, CardProfile.InsSelect, CardProfile.SelectEfUnderCurrentDf, 0x04, [0x10, 0x01], 256));
        link.Exchanges.Clear();

        var answer = channel.Transmit(new CommandApdu(0x00, CardProfile.InsReadBinary, 0x00, 0x00, [], 255));
        // Reading near the end of the file: ask for more than is left.
        var fileSize = new ProfileCard(channel).ReadCertificate(CardProfile.Slot("auth")!)!.Length;
        link.Exchanges.Clear();
        var offset = fileSize - 7;
        var tail = channel.Transmit(new CommandApdu(0x00, CardProfile.InsReadBinary, (byte)(offset >> 8), (byte)offset, [], 100));

        answer.Data.Length.ShouldBe(255);
        tail.IsSuccess.ShouldBeTrue();
        tail.Data.Length.ShouldBe(7);
        link.Exchanges.Count.ShouldBe(2);
        link.Exchanges[0].Response[^2..].ShouldBe(new byte[] { 0x6C, 0x07 });
        link.Exchanges[1].Command[^1].ShouldBe((byte)7);
    }

    [Fact]
    public void A_61xx_answer_is_collected_with_GET_RESPONSE()
    {
        var (link, channel) = Open();
        var card = new ProfileCard(channel);
        card.VerifyPin(PinCode.FromString("123456"));
        link.Exchanges.Clear();

        var signature = card.Sign(CardProfile.Slot("auth")!, CardSignatureScheme.RsaPkcs1DigestInfo, CardAgent.Tokens.SignatureEncodings.Sha256DigestInfo(new byte[32]));

        signature.Length.ShouldBe(256);
        link.Exchanges.Select(e => e.Command[1]).ShouldBe(new byte[] { CardProfile.InsManageSecurityEnvironment, CardProfile.InsPerformSecurityOperation, CardProfile.InsGetResponse });
        link.Exchanges[1].Response.ShouldBe(new byte[] { 0x61, 0x00 });
    }

    [Fact]
    public void Data_over_255_bytes_goes_out_as_a_chain_with_the_chaining_bit_on_all_but_the_last_block()
    {
        var (link, channel) = Open();
        var card = new ProfileCard(channel);
        card.VerifyPin(PinCode.FromString("123456"));
        link.Exchanges.Clear();
        var encoded = CardAgent.Tokens.SignatureEncodings.PssEncodeSha256(new byte[32], 2048);

        var signature = card.Sign(CardProfile.Slot("auth")!, CardSignatureScheme.RsaRaw, encoded);

        signature.Length.ShouldBe(256);
        var pso = link.Exchanges.Where(e => (e.Command[1]) == CardProfile.InsPerformSecurityOperation).ToList();
        pso.Count.ShouldBe(2);
        pso[0].Command[0].ShouldBe((byte)0x10);
        pso[0].Command[4].ShouldBe((byte)255);
        pso[1].Command[0].ShouldBe((byte)0x00);
        pso[1].Command[4].ShouldBe((byte)1);
    }

    [Fact]
    public void A_card_that_answers_61xx_forever_is_stopped_with_a_protocol_error()
    {
        var channel = new ApduChannel(new EndlessLink());

        Should.Throw<CardProtocolException>(() => channel.Transmit(new CommandApdu(0x00, 0xCA, 0, 0, [], 256)));
    }

    private sealed class EndlessLink : IApduLink
    {
        public byte[] Transmit(ReadOnlySpan<byte> command) => [0x01, 0x61, 0x01];
    }
}
