using System.Diagnostics;
using CardAgent.Cards;
using CardAgent.Tests.Support;
using VirtualCard;

namespace CardAgent.Tests.VirtualCard;

/// <summary>An independent PC/SC client (OpenSC's opensc-tool) sees the virtual card as a real card.</summary>
[Collection(PcscCollection.Name)]
public sealed class OpenScTests : IDisposable
{
    private readonly TempDirectory cards = new();

    public void Dispose() => cards.Dispose();

    private static async Task<(int Exit, string Output)> OpenScTool(params string[] args)
    {
        var start = new ProcessStartInfo("opensc-tool") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("opensc-tool did not start; install the opensc package");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }

    [Fact]
    public async Task Opensc_tool_lists_the_reader_with_a_card_in_it()
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort);

        var (exit, output) = await OpenScTool("-l");

        exit.ShouldBe(0);
        output.Split('\n').ShouldContain(line => line.Contains(PcscStack.FirstReader) && line.Contains("Yes"));
    }

    [Fact]
    public async Task Opensc_tool_gets_our_FCI_and_9000_for_a_SELECT_of_the_application()
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort);
        var aid = string.Join(' ', CardProfile.ApplicationId.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

        var (exit, output) = await OpenScTool("-r", "0", "-s", $"00 A4 04 00 {CardProfile.ApplicationId.Length:X2} {aid} 00");

        exit.ShouldBe(0, output);
        output.ShouldContain("SW1=0x90, SW2=0x00");
        output.ShouldContain("6F 0B 84 09 " + aid);
    }

    [Fact]
    public async Task Opensc_tool_sees_the_card_refuse_a_foreign_application()
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort);

        var (_, output) = await OpenScTool("-r", "0", "-s", "00 A4 04 00 07 A0 00 00 00 03 10 10 00");

        output.ShouldContain("SW1=0x6A, SW2=0x82");
    }
}
