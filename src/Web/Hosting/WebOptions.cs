namespace Web.Hosting;

/// <summary>The <c>Web</c> configuration section (docs/architecture.md, "Configuration keys").</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>Where pages find the local card agent.</summary>
    public Uri CardAgentUrl { get; set; } = new("http://127.0.0.1:61280");

    /// <summary>
    /// How long a request waits at most for the read models to show a write (its own, or every write so far) before
    /// it answers with what they hold (<see cref="Messaging.ReadModelWait"/>).
    /// </summary>
    public TimeSpan ReadModelWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>This node's name in the <c>X-Node</c> response header and the probes' answers; unset, the machine's name.</summary>
    public string? NodeName { get; set; }

    /// <summary><see cref="NodeName"/>, or the machine's name.</summary>
    public string Node => string.IsNullOrWhiteSpace(NodeName) ? Environment.MachineName : NodeName;

    /// <summary>The agent's origin (<c>scheme://host:port</c>), as the content security policy and the pages need it.</summary>
    public string CardAgentOrigin => CardAgentUrl.GetLeftPart(UriPartial.Authority);
}
