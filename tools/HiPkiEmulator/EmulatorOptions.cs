namespace HiPkiEmulator;

/// <summary>The <c>HiPki</c> configuration section.</summary>
public sealed class EmulatorOptions
{
    public const string Section = "HiPki";

    /// <summary>Listen address; loopback only. HiPKI's own is http://localhost:61161.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:61161";

    /// <summary>
    /// The card images (<c>*.card.json</c>, the demo agent's format): each is a reader with a card. A folder
    /// without images is one empty reader; no folder at all is no reader.
    /// </summary>
    public string? CardsDirectory { get; set; }

    /// <summary>Host names trusted from the start (HiPKI's trusted-site list); more are added through /addDomain.</summary>
    public string[] TrustedSites { get; set; } = [];

    /// <summary>Optional file that keeps the trusted-site list across restarts, one host name a line.</summary>
    public string? TrustedSitesFile { get; set; }
}
