namespace Web.Hosting;

/// <summary>The <c>Web</c> configuration section (docs/architecture.md, "Configuration keys").</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>Where pages find the local card agent.</summary>
    public Uri CardAgentUrl { get; set; } = new("http://127.0.0.1:61280");

    /// <summary>Seed demo agencies, people and cards into an empty store at start-up.</summary>
    public bool DemoData { get; set; }

    /// <summary>The agent's origin (<c>scheme://host:port</c>), as the content security policy and the pages need it.</summary>
    public string CardAgentOrigin => CardAgentUrl.GetLeftPart(UriPartial.Authority);
}
