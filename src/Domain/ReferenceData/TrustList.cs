using System.Security.Cryptography;
using Domain.Certificates;
using Domain.Certificates.Cards;
using Pkix.Validation;

namespace Domain.ReferenceData;

/// <summary>What a trust-list certificate is for.</summary>
public enum TrustRole
{
    /// <summary>A trust anchor for its kind of card (e.g. the GRCA root).</summary>
    Anchor = 1,

    /// <summary>An issuing CA a path of its kind may run through (GCA, XCA, MOEACA, HCA; MOICA's generations).</summary>
    Issuing = 2,

    /// <summary>A test CA (政府測試憑證管理中心 and the like), refused wherever it appears.</summary>
    Denied = 3,
}

/// <summary>One certificate of the trust list.</summary>
/// <param name="Kind">Organisation or citizen for anchors and issuing CAs; <see cref="CertificateKind.Unknown"/> ("any") for a denied CA.</param>
/// <param name="SubjectKeyId">Upper-case hex of the subject key identifier (or of the SHA-1 of the key when absent).</param>
/// <param name="Sha256Thumbprint">Upper-case hex SHA-256 of the DER.</param>
public sealed record TrustListEntry(CertificateKind Kind, TrustRole Role, string Name, byte[] CertificateDer, string SubjectDn, string SubjectKeyId, string Sha256Thumbprint);

/// <summary>
/// The certificate authorities the service trusts per kind of card, and the test CAs it refuses. Parsed from
/// <c>kind,role,name,certificate</c> CSV: kind <c>organisation</c>, <c>citizen</c> or <c>any</c> (denied CAs only);
/// role <c>anchor</c>, <c>issuing</c> or <c>denied</c>; certificate a PEM block (quoted, on several lines) or
/// base64 DER on one line. Every certificate must be a CA certificate; each kind needs at least one anchor.
/// </summary>
public sealed class TrustList
{
    private static readonly string[] Columns = ["kind", "role", "name", "certificate"];

    private TrustList(IReadOnlyList<TrustListEntry> entries) => Entries = entries;

    /// <summary>Entries in file order.</summary>
    public IReadOnlyList<TrustListEntry> Entries { get; }

    public static string KindName(CertificateKind kind) => kind switch
    {
        CertificateKind.Organisation => "organisation",
        CertificateKind.Citizen => "citizen",
        _ => "any",
    };

    public static CertificateKind ParseKind(string kind) => kind switch
    {
        "organisation" => CertificateKind.Organisation,
        "citizen" => CertificateKind.Citizen,
        _ => CertificateKind.Unknown,
    };

    public static string RoleName(TrustRole role) => role switch
    {
        TrustRole.Anchor => "anchor",
        TrustRole.Issuing => "issuing",
        _ => "denied",
    };

    public static TrustRole ParseRole(string role) => role switch
    {
        "anchor" => TrustRole.Anchor,
        "issuing" => TrustRole.Issuing,
        _ => TrustRole.Denied,
    };

    /// <param name="now">When given, every anchor and issuing CA is also checked as card validation will use it at that
    /// instant (<see cref="TrustAudit"/>): one that could never validate a card is a problem at its line.</param>
    public static ReferenceDataImport<TrustList> Parse(string csv, DateTimeOffset? now = null)
    {
        var problems = new List<ReferenceDataProblem>();
        var rows = CsvTable.Read(csv, Columns, problems);
        var entries = new List<TrustListEntry>();
        var firstLineOf = new Dictionary<(CertificateKind, TrustRole, string), int>();
        foreach (var row in rows)
        {
            var role = row["role"] switch
            {
                "anchor" => TrustRole.Anchor,
                "issuing" => TrustRole.Issuing,
                "denied" => TrustRole.Denied,
                var other => Invalid<TrustRole>(row, "role", "role-invalid", $"「{other}」不是用途；請填 anchor（信任起點）、issuing（中繼憑證機構）或 denied（拒絕的測試憑證機構）。"),
            };
            var kind = row["kind"] switch
            {
                "organisation" => CertificateKind.Organisation,
                "citizen" => CertificateKind.Citizen,
                "any" => CertificateKind.Unknown,
                var other => Invalid<CertificateKind>(row, "kind", "kind-invalid", $"「{other}」不是憑證種類；請填 organisation（機關憑證）、citizen（自然人憑證），拒絕清單填 any。"),
            };
            if (row.IsValid && (role == TrustRole.Denied) != (kind == CertificateKind.Unknown))
                row.Problem("kind", "kind-role-mismatch", "拒絕清單（denied）的種類請填 any；信任起點及中繼憑證機構的種類請填 organisation 或 citizen。");
            var name = row.Required("name");
            var certificate = ReadCertificate(row);
            if (!row.IsValid || certificate is null)
                continue;
            var thumbprint = Convert.ToHexString(SHA256.HashData(certificate.Der));
            if (!firstLineOf.TryAdd((kind, role, thumbprint), row.Line))
            {
                row.Problem("certificate", "certificate-repeated", $"同一張憑證已在第 {firstLineOf[(kind, role, thumbprint)]} 行以相同種類及用途列出。");
                continue;
            }
            var subject = CertificateParser.Parse(certificate.Der).Facts?.SubjectDn ?? "";
            entries.Add(new TrustListEntry(kind, role, name!, certificate.Der, subject, certificate.KeyIdHex, thumbprint));
        }
        if (problems.Count == 0)
        {
            foreach (var needed in new[] { CertificateKind.Organisation, CertificateKind.Citizen })
                if (!entries.Any(e => e.Kind == needed && e.Role == TrustRole.Anchor))
                    problems.Add(new ReferenceDataProblem(0, "role", "anchor-missing",
                        $"沒有{(needed == CertificateKind.Organisation ? "機關憑證（organisation）" : "自然人憑證（citizen）")}的信任起點（anchor）：少了它，這種卡片都將無法通過驗證。"));
        }
        if (problems.Count == 0 && now is { } instant)
            problems.AddRange(Unusable(entries, firstLineOf, instant));
        return ReferenceDataImport<TrustList>.Of(() => new TrustList(entries), problems);
    }

    private static IEnumerable<ReferenceDataProblem> Unusable(List<TrustListEntry> entries, Dictionary<(CertificateKind, TrustRole, string), int> lineOf, DateTimeOffset now)
    {
        List<PkixCertificate> Of(CertificateKind kind, TrustRole role) =>
            entries.Where(e => e.Kind == kind && e.Role == role).Select(e => PkixCertificate.FromPemOrDer(e.CertificateDer)).ToList();
        var kinds = new[] { CertificateKind.Organisation, CertificateKind.Citizen }
            .ToDictionary(k => k, k => new KindTrust(Of(k, TrustRole.Anchor), Of(k, TrustRole.Issuing)));
        foreach (var problem in TrustAudit.Check(new TrustConfiguration { Kinds = kinds }, now))
        {
            var entry = entries.First(e => e.Kind == problem.Kind && e.Role == problem.Role && e.Sha256Thumbprint == problem.Sha256Fingerprint);
            yield return new ReferenceDataProblem(lineOf[(problem.Kind, problem.Role, problem.Sha256Fingerprint)], "certificate", "certificate-unusable",
                $"「{entry.Name}」永遠無法用來驗證卡片：{Why(problem.Failure.Code)}");
        }
    }

    private static string Why(CertificateFailureCode code) => code switch
    {
        CertificateFailureCode.Expired => "這張憑證已過期。",
        CertificateFailureCode.NotYetValid => "這張憑證尚未生效。",
        CertificateFailureCode.BasicConstraints or CertificateFailureCode.KeyUsage =>
            "它不符合憑證機構的規範（例如 GRCA 第一代的基本限制未標示為關鍵、沒有金鑰用途），驗證時不會被接受為信任起點。",
        CertificateFailureCode.UnsupportedAlgorithm => "它的簽章演算法或金鑰已不再接受（例如 SHA-1）。",
        CertificateFailureCode.UntrustedIssuer => "找不到它到同種類信任起點的有效路徑，請一併匯入簽發它的根憑證（例如 GRCA 第二代或第三代）。",
        _ => $"路徑驗證不接受它（{code}）。",
    };

    private static PkixCertificate? ReadCertificate(CsvRow row)
    {
        var text = row.Required("certificate");
        if (text is null)
            return null;
        byte[] der;
        try
        {
            der = text.Contains("-----BEGIN", StringComparison.Ordinal)
                ? Pem.DecodeFirst(System.Text.Encoding.ASCII.GetBytes(text), "CERTIFICATE")
                : Convert.FromBase64String(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));
        }
        catch (FormatException)
        {
            row.Problem("certificate", "certificate-encoding", "憑證應為 PEM 格式（-----BEGIN CERTIFICATE-----…，整段以雙引號括起）或一行 Base64 編碼的 DER。");
            return null;
        }
        var parse = PkixCertificate.Parse(der);
        if (parse.Certificate is not { } certificate)
        {
            row.Problem("certificate", "certificate-invalid", "無法讀取這張憑證：內容不是完整的 X.509 憑證。");
            return null;
        }
        if (certificate.IsCa != true)
        {
            row.Problem("certificate", "not-a-ca", "這張憑證不是憑證機構的憑證（基本限制未標示為 CA），不能列入信任清單。");
            return null;
        }
        return certificate;
    }

    private static T Invalid<T>(CsvRow row, string column, string code, string message)
    {
        row.Problem(column, code, message);
        return default!;
    }
}
