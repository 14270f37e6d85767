using System.Text.Json;
using CardAgent.Cards;
using CardAgent.Emulation;
using Microsoft.Extensions.Logging;

namespace CardAgent.Backends;

/// <summary>
/// Serves the card images in one folder as inserted cards, without pcscd or root: each
/// <c>*.card.json</c> is a card in its own reader "Demo reader (&lt;name&gt;)". The folder is read
/// again on every call, and the cards run the same profile as the virtual card (PIN, try counter
/// persisted in the image), through the same card operations as the PC/SC back end.
/// </summary>
public sealed class DemoBackend(string cardsDirectory, ILogger<DemoBackend> logger) : ICardBackend
{
    private const string ImageSuffix = ".card.json";
    private readonly ReaderLocks locks = new();

    public string Name => "demo";

    public bool IsDemo => true;

    /// <summary>The reader name for an image file.</summary>
    public static string ReaderName(string imagePath)
    {
        var file = Path.GetFileName(imagePath);
        return $"Demo reader ({file[..^ImageSuffix.Length]})";
    }

    public bool IsAvailable() => Directory.Exists(cardsDirectory);

    public AgentResult<IReadOnlyList<ReaderInfo>> ListReaders()
    {
        if (!Directory.Exists(cardsDirectory))
            return new List<ReaderInfo>();
        var readers = new List<ReaderInfo>();
        foreach (var path in Images())
        {
            var name = ReaderName(path);
            try
            {
                var image = CardImage.Load(path);
                var kind = image.Kind is "citizen" or "organisation" ? image.Kind : "unknown";
                readers.Add(new ReaderInfo(name, true, kind, AtrText.Format(image.AtrBytes())));
            }
            catch (Exception e) when (e is IOException or JsonException or InvalidDataException or FormatException)
            {
                logger.LogWarning("demo card image {File} is unreadable: {Reason}", Path.GetFileName(path), e.Message);
                readers.Add(new ReaderInfo(name, true, "unknown", null));
            }
        }
        return readers;
    }

    public AgentResult<ICardSession> Open(string reader)
    {
        var path = Images().FirstOrDefault(p => ReaderName(p) == reader);
        if (path is null)
            return AgentError.NoReader(reader);
        var held = locks.TryEnter(reader);
        if (held is null)
            return AgentError.ReaderBusy();
        CardImage image;
        try
        {
            image = CardImage.Load(path);
        }
        catch (FileNotFoundException)
        {
            held.Dispose();
            return AgentError.CardRemoved();
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or FormatException)
        {
            held.Dispose();
            logger.LogWarning("demo card image {File} is unreadable: {Reason}", Path.GetFileName(path), e.Message);
            return AgentError.UnsupportedCard();
        }
        var card = new EmulatedCard(image, triesLeft => CardImage.SaveTriesLeft(path, triesLeft));
        var link = new TimedLink(card);
        var profile = new ProfileCard(new ApduChannel(link));
        if (!profile.SelectApplication())
        {
            card.Dispose();
            held.Dispose();
            return AgentError.UnsupportedCard();
        }
        return new ProfileCardSession(profile, link, MapFailure, _ =>
        {
            card.Dispose();
            held.Dispose();
        });
    }

    private IEnumerable<string> Images() => Directory.Exists(cardsDirectory)
        ? Directory.EnumerateFiles(cardsDirectory, "*" + ImageSuffix).Order(StringComparer.Ordinal)
        : [];

    private AgentError? MapFailure(Exception e)
    {
        switch (e)
        {
            case FileNotFoundException or DirectoryNotFoundException:
                return AgentError.CardRemoved();
            case CardProtocolException:
                logger.LogWarning("the demo card broke the profile: {Reason}", e.Message);
                return AgentError.UnsupportedCard();
            default:
                return null;
        }
    }

    public void Dispose()
    {
    }
}
