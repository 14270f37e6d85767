using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Pkix.Revocation;

namespace Web.CardSteps.Trust;

/// <summary>
/// Where each CRL this node holds came from and when it got it, and how each source (a file, a URL) last answered:
/// what /health shows of the revocation material's age. Per node: every node loads and refreshes its own CRLs.
/// </summary>
public sealed class CrlFreshness
{
    private readonly ConditionalWeakTable<CrlIndex, Origin> _origins = new();
    private readonly ConcurrentDictionary<string, SourceStatus> _sources = new(StringComparer.Ordinal);

    /// <summary>A CRL taken into use: from <paramref name="source"/> (a file path or a URL) at <paramref name="obtainedAt"/>.</summary>
    public void Took(CrlIndex crl, string source, DateTimeOffset obtainedAt) => _origins.AddOrUpdate(crl, new Origin(source, obtainedAt));

    /// <summary>How a source answered: <paramref name="problem"/> null when it was read (whether or not it held anything newer).</summary>
    public void Checked(string source, DateTimeOffset at, CrlProblem? problem, SourceStamp? stamp = null) =>
        _sources.AddOrUpdate(source,
            _ => new SourceStatus(source, at, problem is null ? at : null, problem, stamp),
            (_, previous) => new SourceStatus(source, at, problem is null ? at : previous.LastSuccess, problem, stamp ?? previous.Stamp));

    /// <summary>The last answer of <paramref name="source"/>, or null when it was never read.</summary>
    public SourceStatus? Status(string source) => _sources.GetValueOrDefault(source);

    public IReadOnlyList<SourceStatus> Sources => _sources.Values.OrderBy(s => s.Source, StringComparer.Ordinal).ToList();

    /// <summary>Each CRL of <paramref name="crls"/> with its origin (null for one loaded by something that does not report here).</summary>
    public IReadOnlyList<HeldCrl> Held(CrlStore crls)
    {
        ArgumentNullException.ThrowIfNull(crls);
        return crls.All
            .Select(crl => new HeldCrl(crl, _origins.TryGetValue(crl, out var origin) ? origin : null))
            .OrderBy(h => h.Crl.Issuer.ToString(), StringComparer.Ordinal).ThenBy(h => h.Crl.IssuerKeyId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A source as reports show it: a URL whole, a file by its name only (the server's folders are nobody's business).</summary>
    public static string Shown(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? source : Path.GetFileName(source);

    public sealed record Origin(string Source, DateTimeOffset ObtainedAt);

    public sealed record HeldCrl(CrlIndex Crl, Origin? Origin);

    /// <summary>What identifies the version a source last gave: a file's length and write time, a URL's ETag and Last-Modified.</summary>
    public sealed record SourceStamp(string? Tag, DateTimeOffset? Modified, long? Length = null);

    /// <param name="LastSuccess">When the source last answered with something readable (null: never).</param>
    /// <param name="Problem">Why the last attempt failed, or null.</param>
    public sealed record SourceStatus(string Source, DateTimeOffset LastAttempt, DateTimeOffset? LastSuccess, CrlProblem? Problem, SourceStamp? Stamp);
}

/// <summary>Why a CRL source gave nothing usable: a kind pages can say in zh-TW, and the detail for the log and monitors.</summary>
public sealed record CrlProblem(CrlProblemKind Kind, string Detail)
{
    public override string ToString() => Detail;
}

public enum CrlProblemKind
{
    /// <summary>The file or URL could not be read (missing, refused, an HTTP error, a timeout).</summary>
    Unreachable,

    /// <summary>Read, but larger than Web:Trust:CrlRefresh:MaxDownloadBytes.</summary>
    TooLarge,

    /// <summary>Read, but not a CRL, or not signed by a configured CA with its issuer's name.</summary>
    NotVerified,
}
