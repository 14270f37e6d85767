using CardAgent.Pcsc;
using VirtualCard;

namespace CardAgent.Tests.Support;

/// <summary>
/// The real PC/SC stack of this machine: pcscd with vpcd's two readers. Tests that use it belong to
/// the <see cref="PcscCollection"/> so no two of them drive the same virtual reader at once.
/// </summary>
public static class PcscStack
{
    public static readonly string FirstReader = VirtualCardHost.ReaderName(VirtualCardHost.FirstPort);
    public static readonly string SecondReader = VirtualCardHost.ReaderName(VirtualCardHost.SecondPort);

    /// <summary>Fails with a clear message when pcscd or vpcd's readers are missing (never skips).</summary>
    public static void Require()
    {
        string[] readers;
        try
        {
            using var context = PcscContext.Establish();
            readers = context.ListReaders();
        }
        catch (PcscException e)
        {
            throw new InvalidOperationException($"pcscd is not running ({e.Message}); start it with `source scripts/lib.sh && start_pcscd`", e);
        }
        if (!readers.Contains(FirstReader) || !readers.Contains(SecondReader))
            throw new InvalidOperationException($"vpcd's readers are missing (found: {string.Join(", ", readers)}); install vsmartcard-vpcd and restart pcscd");
    }

    /// <summary>Inserts a card and waits until pcscd reports it present (pcscd polls, so never sleep).</summary>
    public static async Task<VirtualCardHost> InsertAsync(string imagePath, int port, Func<CardAgent.Cards.CommandApdu, CardReaction>? react = null)
    {
        Require();
        var reader = VirtualCardHost.ReaderName(port);
        await WaitForAsync(reader, present: false);
        var host = await VirtualCardHost.InsertAsync(imagePath, port, react);
        await WaitForAsync(reader, present: true);
        return host;
    }

    /// <summary>Removes a card and waits until pcscd reports the reader empty.</summary>
    public static async Task RemoveAsync(VirtualCardHost host)
    {
        await host.DisposeAsync();
        await WaitForAsync(VirtualCardHost.ReaderName(host.Port), present: false);
    }

    /// <summary>Waits with SCardGetStatusChange until the reader's card presence is as asked.</summary>
    public static Task WaitForAsync(string reader, bool present, TimeSpan? timeout = null) => Task.Run(() =>
    {
        using var context = PcscContext.Establish();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        var state = context.GetStatus([reader]);
        while (state[0].CardPresent != present)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"{reader} did not become {(present ? "present" : "empty")} in time");
            state = context.WaitForChange(state, left) ?? state;
        }
    });
}

/// <summary>Tests that drive pcscd's virtual readers run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PcscCollection
{
    public const string Name = "pcscd virtual readers";
}
