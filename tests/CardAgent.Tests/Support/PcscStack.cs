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

    /// <summary>Inserts a card; returns once pcscd reports it present.</summary>
    public static Task<VirtualCardHost> InsertAsync(string imagePath, int port, Func<CardAgent.Cards.CommandApdu, CardReaction>? react = null)
    {
        Require();
        return VirtualCardHost.InsertAsync(imagePath, port, react);
    }

    /// <summary>Removes a card; returns once pcscd reports the reader empty.</summary>
    public static async Task RemoveAsync(VirtualCardHost host) => await host.DisposeAsync();

    /// <summary>Waits with SCardGetStatusChange until the reader's card presence is as asked.</summary>
    public static Task WaitForAsync(string reader, bool present, TimeSpan? timeout = null) =>
        VirtualCardHost.WaitForCardAsync(reader, present, timeout ?? TimeSpan.FromSeconds(15));
}

/// <summary>Tests that drive pcscd's virtual readers run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PcscCollection
{
    public const string Name = "pcscd virtual readers";
}
