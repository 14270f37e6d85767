namespace CardAgent;

/// <summary>The <c>CardAgent</c> configuration section (keys in docs/architecture.md).</summary>
public sealed class AgentOptions
{
    public const string Section = "CardAgent";
    public const string DefaultUrl = "http://127.0.0.1:61280";

    /// <summary>Listen addresses, semicolon separated; loopback only.</summary>
    public string Urls { get; set; } = DefaultUrl;

    /// <summary>Exact origins (scheme://host[:port]) that may call the agent.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>"pcsc" (default), "pkcs11" or "demo".</summary>
    public string Backend { get; set; } = "pcsc";

    /// <summary>How long one card operation may take before the caller gets TIMEOUT.</summary>
    public int CardTimeoutSeconds { get; set; } = 20;

    public DemoOptions Demo { get; set; } = new();

    public Pkcs11Options Pkcs11 { get; set; } = new();

    /// <summary>The demo back end's settings.</summary>
    public sealed class DemoOptions
    {
        /// <summary>Folder whose <c>*.card.json</c> files are the inserted cards.</summary>
        public string? CardsDirectory { get; set; }
    }

    /// <summary>The PKCS#11 back end's settings.</summary>
    public sealed class Pkcs11Options
    {
        /// <summary>The vendor module, e.g. <c>libHicos_p11.so</c> or <c>/usr/lib/softhsm/libsofthsm2.so</c>.</summary>
        public string? ModulePath { get; set; }
    }
}
