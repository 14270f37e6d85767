using System.Buffers.Binary;
using System.Net.Sockets;
using CardAgent.Cards;
using CardAgent.Emulation;
using CardAgent.Pcsc;

namespace VirtualCard;

/// <summary>What the card does with one command, for tests that need a card to misbehave.</summary>
public abstract record CardReaction
{
    /// <summary>Answer normally.</summary>
    public static readonly CardReaction Answer = new AnswerReaction();

    /// <summary>Pull the card out instead of answering (the socket closes: pcscd sees a removal).</summary>
    public static readonly CardReaction Remove = new RemoveReaction();

    /// <summary>Answer with this status word instead of the card's answer (a foreign card, a broken one).</summary>
    public static CardReaction StatusWord(ushort statusWord) => new StatusWordReaction(statusWord);

    /// <summary>Answer only once <paramref name="release"/> completes: a card that hangs for as long as the test needs (until it is pulled out).</summary>
    public static CardReaction HoldUntil(Task release) => new HoldReaction(release);

    internal sealed record AnswerReaction : CardReaction;

    internal sealed record StatusWordReaction(ushort Value) : CardReaction;

    internal sealed record RemoveReaction : CardReaction;

    internal sealed record HoldReaction(Task Release) : CardReaction;
}

/// <summary>
/// A virtual card in a vpcd reader: connecting to vpcd's port inserts it, disconnecting removes
/// it. It speaks vpcd's protocol (2-byte big-endian length, then a 1-byte control code or an APDU)
/// and answers APDUs with <see cref="EmulatedCard"/>, writing the PIN try counter back to the image.
/// A lock file per port keeps two processes from driving the same virtual reader at once.
/// </summary>
public sealed class VirtualCardHost : IAsyncDisposable
{
    /// <summary>vpcd's first and second reader ports ("Virtual PCD 00 00" and "Virtual PCD 00 01").</summary>
    public const int FirstPort = 35963;

    public const int SecondPort = 35964;

    private const byte PowerOff = 0x00;
    private const byte PowerOn = 0x01;
    private const byte Reset = 0x02;
    private const byte GetAtr = 0x04;

    private readonly TcpClient client;
    private readonly EmulatedCard card;
    private readonly FileStream portLock;
    private readonly Func<CommandApdu, CardReaction>? react;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private int commandsAnswered;

    private VirtualCardHost(string imagePath, int port, TcpClient client, EmulatedCard card, FileStream portLock, Func<CommandApdu, CardReaction>? react)
    {
        ImagePath = imagePath;
        Port = port;
        this.client = client;
        this.card = card;
        this.portLock = portLock;
        this.react = react;
        loop = Task.Run(ServeAsync);
    }

    public string ImagePath { get; }

    public int Port { get; }

    /// <summary>Command APDUs answered so far.</summary>
    public int CommandsAnswered => Volatile.Read(ref commandsAnswered);

    /// <summary>Why the card stopped on its own (vpcd closed the socket, or a bug), if it did.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The reader name pcscd gives a vpcd port with the stock vpcd configuration.</summary>
    public static string ReaderName(int port) => port switch
    {
        FirstPort => "Virtual PCD 00 00",
        SecondPort => "Virtual PCD 00 01",
        _ => throw new ArgumentOutOfRangeException(nameof(port), port, "vpcd's readers are on 35963 and 35964"),
    };

    /// <summary>
    /// Inserts the card of an image into the vpcd reader on <paramref name="port"/> and returns once
    /// pcscd reports it present. Takes the port's lock first and waits for the reader to be empty,
    /// so a card left by someone else is never mistaken for this one.
    /// </summary>
    /// <param name="react">Optional: decides per command whether to answer, hang or pull the card.</param>
    public static async Task<VirtualCardHost> InsertAsync(string imagePath, int port, Func<CommandApdu, CardReaction>? react = null, CancellationToken cancellationToken = default)
    {
        var image = CardImage.Load(imagePath);
        var reader = ReaderName(port);
        var portLock = await LockPortAsync(port, cancellationToken).ConfigureAwait(false);
        var client = new TcpClient { NoDelay = true };
        try
        {
            await WaitForCardAsync(reader, present: false, PresenceTimeout, cancellationToken).ConfigureAwait(false);
            await client.ConnectAsync("127.0.0.1", port, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or TimeoutException or OperationCanceledException or PcscException)
        {
            client.Dispose();
            await portLock.DisposeAsync().ConfigureAwait(false);
            throw e is SocketException
                ? new InvalidOperationException($"vpcd is not listening on 127.0.0.1:{port}; start pcscd with vsmartcard-vpcd (scripts/lib.sh start_pcscd)", e)
                : e;
        }
        var card = new EmulatedCard(image, triesLeft => CardImage.SaveTriesLeft(imagePath, triesLeft));
        var host = new VirtualCardHost(imagePath, port, client, card, portLock, react);
        try
        {
            await WaitForCardAsync(reader, present: true, PresenceTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return host;
    }

    /// <summary>Pulls the card out: closes the socket, waits until pcscd reports the reader empty, frees the port.</summary>
    public async Task RemoveAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        client.Close();
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected: we stopped it.
        }
        card.Dispose();
        try
        {
            await WaitForCardAsync(ReaderName(Port), present: false, PresenceTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await portLock.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan PresenceTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Waits with SCardGetStatusChange until pcscd shows the reader with or without a card. pcscd
    /// polls vpcd, so this is the only reliable way to know an insertion or removal took effect.
    /// </summary>
    public static Task WaitForCardAsync(string reader, bool present, TimeSpan timeout, CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        using var context = PcscContext.Establish();
        var deadline = DateTime.UtcNow + timeout;
        var state = context.GetStatus([reader]);
        while (state[0].CardPresent != present)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"{reader} did not become {(present ? "present" : "empty")} within {timeout.TotalSeconds:0} s");
            state = context.WaitForChange(state, left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1)) ?? state;
        }
    }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
            await RemoveAsync().ConfigureAwait(false);
        stop.Dispose();
        client.Dispose();
    }

    private async Task ServeAsync()
    {
        var stream = client.GetStream();
        var header = new byte[2];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                AcknowledgeAtOnce();
                await stream.ReadExactlyAsync(header, stop.Token).ConfigureAwait(false);
                var length = BinaryPrimitives.ReadUInt16BigEndian(header);
                var message = new byte[length];
                AcknowledgeAtOnce();
                await stream.ReadExactlyAsync(message, stop.Token).ConfigureAwait(false);
                if (length == 1)
                {
                    switch (message[0])
                    {
                        case PowerOff or PowerOn or Reset:
                            card.Reset();
                            break;
                        case GetAtr:
                            await SendAsync(stream, card.Atr).ConfigureAwait(false);
                            break;
                    }
                    continue;
                }
                var reaction = react is null || CommandApdu.Parse(message) is not { } command ? CardReaction.Answer : react(command);
                switch (reaction)
                {
                    case CardReaction.RemoveReaction:
                        client.Close();
                        return;
                    case CardReaction.HoldReaction hold:
                        await hold.Release.WaitAsync(stop.Token).ConfigureAwait(false);
                        break;
                    case CardReaction.StatusWordReaction status:
                        Interlocked.Increment(ref commandsAnswered);
                        await SendAsync(stream, ResponseApdu.Status(status.Value).ToBytes()).ConfigureAwait(false);
                        continue;
                }
                var response = card.Transmit(message);
                Interlocked.Increment(ref commandsAnswered);
                await SendAsync(stream, response).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or SocketException)
        {
            if (!stop.IsCancellationRequested)
                Failure = e;
        }
    }

    /// <summary>
    /// vpcd writes the 2-byte length and the APDU in two sends without TCP_NODELAY, so Nagle holds the
    /// APDU until the length is acknowledged; Linux's delayed ACK would make that 40 ms per APDU.
    /// TCP_QUICKACK (which the kernel clears again after a while) makes us acknowledge at once.
    /// </summary>
    private void AcknowledgeAtOnce()
    {
        if (!OperatingSystem.IsLinux())
            return;
        const int ipProtoTcp = 6, tcpQuickAck = 12;
        try
        {
            client.Client.SetRawSocketOption(ipProtoTcp, tcpQuickAck, BitConverter.GetBytes(1));
        }
        catch (SocketException)
        {
            // Only a latency optimisation.
        }
    }

    private async Task SendAsync(NetworkStream stream, byte[] payload)
    {
        var framed = new byte[payload.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)payload.Length);
        payload.CopyTo(framed, 2);
        await stream.WriteAsync(framed, stop.Token).ConfigureAwait(false);
    }

    /// <summary>An exclusive lock file per vpcd port, shared by every process that uses this class (a test may hold a reader empty with it).</summary>
    public static async Task<FileStream> LockPortAsync(int port, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(Path.GetTempPath(), $"evs-vpcd-{port}.lock");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
