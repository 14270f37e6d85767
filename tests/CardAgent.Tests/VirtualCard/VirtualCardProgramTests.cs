using System.Diagnostics;
using CardAgent.Tests.Support;
using VirtualCard;

namespace CardAgent.Tests.VirtualCard;

/// <summary>The VirtualCard program: inserted at start, removed and inserted again on stdin commands, gone on quit.</summary>
[Collection(PcscCollection.Name)]
public sealed class VirtualCardProgramTests : IDisposable
{
    private readonly TempDirectory cards = new();

    public void Dispose() => cards.Dispose();

    [Fact]
    public async Task Stdin_commands_remove_insert_and_quit_and_pcscd_sees_each_change()
    {
        PcscStack.Require();
        var image = TestCards.Write(cards.Path, "org", "organisation", "RSA-2048");
        await PcscStack.WaitForAsync(PcscStack.SecondReader, present: false);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "VirtualCard.dll"), "--image", image, "--port", VirtualCardHost.SecondPort.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        try
        {
            await PcscStack.WaitForAsync(PcscStack.SecondReader, present: true);
            await process.StandardInput.WriteLineAsync("remove");
            await PcscStack.WaitForAsync(PcscStack.SecondReader, present: false);
            await process.StandardInput.WriteLineAsync("insert");
            await PcscStack.WaitForAsync(PcscStack.SecondReader, present: true);
            await process.StandardInput.WriteLineAsync("quit");
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(exit.Token);
            await PcscStack.WaitForAsync(PcscStack.SecondReader, present: false);

            process.ExitCode.ShouldBe(0);
            (await process.StandardOutput.ReadToEndAsync()).ShouldContain("removed");
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }
}
