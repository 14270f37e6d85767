using Domain.Certificates;
using Domain.Certificates.Cards;
using Pkix.Validation;

namespace Web.CardSteps;

/// <summary>
/// The card steps' part of the <c>Web</c> configuration section (docs/architecture.md, "Configuration keys"):
/// this server's own public origin, which every card token must be signed for, and where the trust material is.
/// </summary>
public sealed class CardStepOptions
{
    public const string Section = "Web";

    /// <summary>
    /// <c>scheme://host[:port]</c> as the browser sees this service (behind a proxy: the proxy's). Card tokens are
    /// verified against it and nothing else — never the Host header, never a value carried in the token.
    /// </summary>
    public string PublicOrigin { get; set; } = "";

    public TrustOptions Trust { get; set; } = new();

    /// <summary>
    /// Where pages open HiPKI Local Server's popup bridge (<c>/popupForm</c>) and add-site page: HiPKI's own
    /// <c>http://localhost:61161</c>; tests and the demo point it at tools/HiPkiEmulator.
    /// </summary>
    public Uri HiPkiUrl { get; set; } = new("http://localhost:61161");

    /// <summary>The HiPKI origin the page checks every message against and posts to (never <c>*</c>).</summary>
    public string HiPkiOrigin => HiPkiUrl.GetLeftPart(UriPartial.Authority);

    /// <summary><c>Web:Signers</c>: which signer (our agent, HiPKI) each card step accepts.</summary>
    public SignerPolicyOptions Signers { get; set; } = new();

    /// <summary>
    /// The oldest card agent version pages accept (<c>/v1/status</c> <c>version</c>, e.g. <c>1.1.0</c>); an older agent
    /// is reported to the user as needing an update. Empty: any version.
    /// </summary>
    public string? MinimumAgentVersion { get; set; }

    /// <summary>True when <paramref name="origin"/> is a serialised origin: http(s), a host, an optional port, nothing more.</summary>
    public static bool IsSerializedOrigin(string? origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.Ordinal);
}

/// <summary>
/// <c>Web:Trust</c>: the files the file trust store reads. Paths are relative to <see cref="Directory"/> (itself
/// relative to the content root) unless absolute; <c>*</c> and <c>?</c> in the file name match several files, and a
/// certificate file may hold several PEM certificates.
/// </summary>
public sealed class TrustOptions
{
    /// <summary>The folder of the trust material (scripts/run: TestPki's output, <c>.data/pki</c>).</summary>
    public string? Directory { get; set; }

    /// <summary><see cref="Directory"/> as an absolute path (a relative one is under <paramref name="contentRoot"/>).</summary>
    public string FullDirectory(string contentRoot) => Path.GetFullPath(Path.Combine(contentRoot, Directory ?? ""));

    /// <summary>Per expected kind of card: the anchors, and the issuing CAs a path to them may run through.</summary>
    public Dictionary<CertificateKind, KindTrustOptions> Kinds { get; set; } = [];

    /// <summary>Test CAs (政府測試憑證管理中心 and its root): refused wherever they appear, by key identifier.</summary>
    public List<string> DeniedCas { get; set; } = [];

    /// <summary>More deny-listed key identifiers (hex), for test CAs whose certificate is not at hand.</summary>
    public List<string> DeniedKeyIds { get; set; } = [];

    /// <summary>CRL files (DER or PEM); each is verified against the CA whose name and key signed it before use, and read again when it changes.</summary>
    public List<string> Crls { get; set; } = [];

    /// <summary>Where newer CRLs come from while the service runs (<see cref="Trust.CrlRefresher"/>).</summary>
    public CrlRefreshOptions CrlRefresh { get; set; } = new();

    public RevocationSettings Revocation { get; set; } = new();
}

/// <summary>The anchors and issuing CAs accepted for one kind of card.</summary>
public sealed class KindTrustOptions
{
    public List<string> Anchors { get; set; } = [];

    public List<string> IssuingCas { get; set; } = [];
}

/// <summary><c>Web:Trust:Revocation</c>: CRL and OCSP policy.</summary>
public sealed class RevocationSettings
{
    /// <summary>Which source answers first (default: the loaded CRL, OCSP when there is none or it is stale).</summary>
    public RevocationMode Mode { get; set; } = RevocationMode.CrlThenOcsp;

    /// <summary>Accept when no source answers (never for a revoked answer). Off: fail closed.</summary>
    public bool SoftFail { get; set; }

    /// <summary>Ask OCSP responders at all (off: CRLs only, whatever the mode says).</summary>
    public bool Ocsp { get; set; } = true;

    /// <summary>Send every OCSP request here instead of the certificate's AIA address.</summary>
    public Uri? OcspResponder { get; set; }

    public int OcspTimeoutSeconds { get; set; } = 5;
}

/// <summary>
/// <c>Web:Trust:CrlRefresh</c>: every <see cref="Interval"/> each node reads the CRL files again (those that changed) and
/// downloads <see cref="Urls"/> (only when the server says they changed), verifies what it got against the configured
/// CAs, and takes a CRL only when it is newer than the one it holds. A CA publishes well before its CRL's nextUpdate;
/// an interval far shorter than the CA's publication period gets each new CRL before the old one goes stale.
/// </summary>
public sealed class CrlRefreshOptions
{
    /// <summary>CRLs to download (http or https), e.g. MOICA's complete CRL; a CRL file of the same CA may sit beside it.</summary>
    public List<Uri> Urls { get; set; } = [];

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one download may take (MOICA's complete CRL is tens of megabytes).</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A download larger than this is refused (a server cannot make us buffer without bound).</summary>
    public long MaxDownloadBytes { get; set; } = 256L * 1024 * 1024;
}
