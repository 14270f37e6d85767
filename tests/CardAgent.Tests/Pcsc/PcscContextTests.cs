using CardAgent.Pcsc;
using CardAgent.Tests.Support;
using VirtualCard;

namespace CardAgent.Tests.Pcsc;

/// <summary>Our P/Invoke against the real pcscd: listing readers and waiting for insertion and removal.</summary>
[Collection(PcscCollection.Name)]
public sealed class PcscContextTests : IDisposable
{
    private readonly TempDirectory cards = new();

    public void Dispose() => cards.Dispose();

    [Fact]
    public void Lists_the_two_vpcd_readers()
    {
        PcscStack.Require();
        using var context = PcscContext.Establish();

        context.ListReaders().ShouldContain(PcscStack.FirstReader);
        context.ListReaders().ShouldContain(PcscStack.SecondReader);
    }

    [Fact]
    public async Task GetStatusChange_reports_insertion_with_the_ATR_and_then_removal_with_a_new_event_count()
    {
        PcscStack.Require();
        await PcscStack.WaitForAsync(PcscStack.FirstReader, present: false);
        using var context = PcscContext.Establish();
        var empty = context.GetStatus([PcscStack.FirstReader]);
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");

        var card = await VirtualCardHost.InsertAsync(image, VirtualCardHost.FirstPort);
        var inserted = await Task.Run(() => context.WaitForChange(empty, TimeSpan.FromSeconds(10)));
        await card.DisposeAsync();
        var removed = await Task.Run(() => context.WaitForChange(inserted!, TimeSpan.FromSeconds(10)));

        empty[0].CardPresent.ShouldBeFalse();
        inserted.ShouldNotBeNull();
        inserted[0].CardPresent.ShouldBeTrue();
        CardAgent.Cards.AtrText.Format(inserted[0].Atr).ShouldBe(CardAgent.Emulation.CardImage.Load(image).Atr);
        removed.ShouldNotBeNull();
        removed[0].CardPresent.ShouldBeFalse();
        removed[0].EventCount.ShouldBeGreaterThan(inserted[0].EventCount);
    }

    [Fact]
    public void Waiting_on_an_unchanged_reader_times_out_with_null()
    {
        PcscStack.Require();
        using var context = PcscContext.Establish();
        var now = context.GetStatus([PcscStack.SecondReader]);

        context.WaitForChange(now, TimeSpan.FromMilliseconds(300)).ShouldBeNull();
    }

    [Fact]
    public async Task Connecting_to_an_empty_reader_fails_with_no_smart_card()
    {
        PcscStack.Require();
        await PcscStack.WaitForAsync(PcscStack.SecondReader, present: false);
        using var context = PcscContext.Establish();

        Should.Throw<PcscException>(() => context.Connect(PcscStack.SecondReader, ShareMode.Shared)).Code.ShouldBe(PcscCodes.NoSmartcard);
    }
}
