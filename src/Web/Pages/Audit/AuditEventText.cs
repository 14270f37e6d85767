using Domain.Common;
using Domain.Registration;
using EventStore.Integrity;

namespace Web.Pages.Audit;

/// <summary>
/// What each registration event means, in zh-TW for auditors: one line, the certificates it relied on, and details.
/// National IDs are masked (<c>A12****789</c>) everywhere here: the audit pages and exports never carry one whole.
/// </summary>
public static class AuditEventText
{
    /// <summary>Shown where an event's metadata names no actor.</summary>
    public const string NotRecorded = "（未記錄）";

    /// <summary>The zh-TW line, the certificates and the details of one event.</summary>
    public sealed record Description(string What, IReadOnlyList<CertificateReliedOn> Certificates, IReadOnlyList<string> Details);

    /// <summary>What one event says, for auditors.</summary>
    /// <param name="functionName">Names a grant's function: (catalogue version, code) → name.</param>
    public static Description Describe(RegistrationEvent @event, Func<string, string, string> functionName) => @event switch
    {
        AgencyRegistered e => new(
            $"首次註冊：{e.AgencyName}，授權管理者 {e.ManagerContact.Name}（{MaskId(e.ManagerNationalId)}）",
            [Organisation("機關憑證", e.OrganisationCertificate), Citizen("授權管理者自然人憑證", e.ManagerCertificate)],
            [$"同意用戶約定條款版本 {e.TermsVersion}", .. ReviewReliedOn(e.OidReviewCase), Contact(e.ManagerContact)]),
        OidReviewRequested e => new(
            $"申請機關憑證 OID 審核（第 {e.CaseNumber} 號），憑證 OID {e.Certificate.AgencyOid}",
            [Organisation("受審核的機關憑證", e.Certificate)],
            [$"機關代碼檔的 OID：{(e.ExpectedOids.Count == 0 ? "（未登錄）" : string.Join("、", e.ExpectedOids))}", $"審核窗口：{e.ReviewDesk}",
             $"申請人：{e.ApplicantName}，電話 {e.ApplicantPhone}{(e.ApplicantExtension is null ? "" : $" 分機 {e.ApplicantExtension}")}"]),
        OidReviewApproved e => new(
            $"核准 OID 審核（第 {e.CaseNumber} 號），OID {e.ApprovedOid} 自 {RocDate.FormatDate(e.EffectiveFrom)} 起有效", [], []),
        OidReviewRejected e => new(
            $"駁回 OID 審核（第 {e.CaseNumber} 號），OID {e.RejectedOid}", [], [$"駁回原因：{e.Reason}"]),
        OrganisationCertificateReplaced e => new(
            "更換機關憑證",
            [Organisation("新機關憑證", e.OrganisationCertificate), new("原機關憑證", e.PreviousSerialNumber, KeyId(e.PreviousIssuerKeyId))],
            [$"同意用戶約定條款版本 {e.TermsVersion}", .. ReviewReliedOn(e.OidReviewCase), Contact(e.ManagerContact)]),
        ManagerCertificateReplaced e => new(
            $"更換授權管理者自然人憑證：{e.ManagerContact.Name}（{MaskId(e.ManagerNationalId)}）",
            [Citizen("新授權管理者自然人憑證", e.ManagerCertificate), new("原授權管理者自然人憑證", e.PreviousSerialNumber, KeyId(e.PreviousIssuerKeyId))],
            [$"同意用戶約定條款版本 {e.TermsVersion}", Contact(e.ManagerContact)]),
        OrganisationAndManagerCertificatesReplaced e => new(
            $"更換機關憑證和授權管理者自然人憑證：{e.ManagerContact.Name}（{MaskId(e.ManagerNationalId)}）",
            [Organisation("新機關憑證", e.OrganisationCertificate), new("原機關憑證", e.PreviousOrganisationSerialNumber, KeyId(e.PreviousOrganisationIssuerKeyId)),
             Citizen("新授權管理者自然人憑證", e.ManagerCertificate), new("原授權管理者自然人憑證", e.PreviousManagerSerialNumber, KeyId(e.PreviousManagerIssuerKeyId))],
            [$"同意用戶約定條款版本 {e.TermsVersion}", .. ReviewReliedOn(e.OidReviewCase), Contact(e.ManagerContact)]),
        HandlerGrantIssued e => new(
            $"新增經辦人授權（第 {e.GrantNumber} 號）：{e.HandlerName}（{MaskId(e.HandlerNationalId)}）",
            [new("經辦人自然人憑證", e.HandlerCertificateSerial, "（授權未記錄簽發者）"), .. AuthorisedWith(e.AuthorisedWith)],
            [Functions(e.FunctionCodes, e.CatalogueVersion, functionName)]),
        HandlerGrantModified e => new(
            $"修改經辦人授權（第 {e.GrantNumber} 號）：{e.HandlerName}（{MaskId(e.HandlerNationalId)}）",
            [new("經辦人自然人憑證", e.HandlerCertificateSerial, "（授權未記錄簽發者）"), .. AuthorisedWith(e.AuthorisedWith)],
            [Functions(e.FunctionCodes, e.CatalogueVersion, functionName)]),
        HandlerGrantRevoked e => new(
            $"刪除經辦人授權（第 {e.GrantNumber} 號）", [.. AuthorisedWith(e.AuthorisedWith)], [$"刪除原因：{e.Reason}"]),
        _ => new(@event.GetType().Name, [], []),
    };

    /// <summary>A national ID masked as on every screen; text that is not a well-formed ID is hidden all but its length.</summary>
    public static string MaskId(string? nationalId) =>
        NationalId.TryParse(nationalId, out var id) ? id.Value.Masked
        : string.IsNullOrEmpty(nationalId) ? "" : new string('*', nationalId.Length);

    private static CertificateReliedOn Organisation(string role, OrganisationCertificateInfo c) => new(role, c.SerialNumber, c.IssuerDn);

    private static CertificateReliedOn Citizen(string role, CitizenCertificateInfo c) => new(role, c.SerialNumber, c.IssuerDn);

    private static string KeyId(string issuerKeyId) => $"簽發者金鑰識別碼 {issuerKeyId}";

    private static IEnumerable<CertificateReliedOn> AuthorisedWith(GrantAuthorisation a) =>
    [
        new("確認用機關憑證", a.OrganisationSerialNumber, KeyId(a.OrganisationIssuerKeyId)),
        new("確認用授權管理者自然人憑證", a.ManagerSerialNumber, KeyId(a.ManagerIssuerKeyId)),
    ];

    private static IEnumerable<string> ReviewReliedOn(int? reviewCase) =>
        reviewCase is { } number ? [$"依第 {number} 號 OID 審核"] : [];

    private static string Contact(ManagerContact c) =>
        $"聯絡資料：{c.Name}，{c.Email}，電話 {c.Phone}{(c.Extension is null ? "" : $" 分機 {c.Extension}")}";

    private static string Functions(IReadOnlyList<string> codes, string catalogueVersion, Func<string, string, string> functionName) =>
        $"功能（功能選單版本 {catalogueVersion}）：{string.Join("、", codes.Select(c => functionName(catalogueVersion, c)))}";
}

/// <summary>How a break of the hash chain reads for auditors (the audit page and the administrators' whole-store check).</summary>
public static class ChainBreakText
{
    /// <summary>How a kind of break reads for auditors.</summary>
    public static string Of(ChainBreakKind kind) => kind switch
    {
        ChainBreakKind.ContentAltered => "事件內容與當初寫入時不同（內容被修改）",
        ChainBreakKind.LinkBroken => "事件記載的前一雜湊與前一筆事件不符（鏈結被改動）",
        ChainBreakKind.RevisionMissing => "有事件不見了（版次不連續）",
        ChainBreakKind.RevisionOutOfOrder => "事件順序被改動",
        ChainBreakKind.PositionMissing => "儲存區的位置有缺漏（資料列被刪除）",
        ChainBreakKind.StreamHeadMismatch => "串流紀錄與最後一筆事件不符（結尾的事件被刪除或紀錄被修改）",
        ChainBreakKind.UnknownStream => "事件所屬的串流沒有紀錄",
        ChainBreakKind.AllLinkBroken => "全庫鏈結（$all）在此中斷（鏈結被改動或事件被移動）",
        ChainBreakKind.CheckpointMismatch => "儲存內容與已簽章的查核點不符（查核點之後有事件被修改、刪除、插入或重新計算雜湊）",
        ChainBreakKind.BehindCheckpoint => "儲存區比已簽章的查核點短（結尾被截斷，或還原了較舊的備份）",
        ChainBreakKind.CheckpointInvalid => "查核點無法採信（無法讀取、簽章不符、不是本儲存區的、缺號或見證處彼此不一致）",
        _ => kind.ToString(),
    };

    /// <summary>What the signed checkpoints let a whole-store check state, in words an auditor can quote.</summary>
    public static string Checkpoints(IntegrityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Checkpoints is not { } checkpoints)
            return "未設定查核點：以上只證明儲存內容前後一致；能寫入資料庫的人若整批重算雜湊，無法由此看出。";
        if (checkpoints.Proven is not { } proven)
            return checkpoints.Trusted == 0 ? "找不到可採信的已簽章查核點：以上只證明儲存內容前後一致。" : "儲存內容與任何已簽章的查核點都不相符。";
        var text = $"可證明至第 {proven.Body.Sequence} 號查核點（{RocDate.FormatDateTime(proven.Body.CreatedAt)}，位置 {proven.Body.Position}，由金鑰 {proven.KeyId} 簽章）為止{(report.IsIntact ? "完整" : "")}未遭變更";
        return checkpoints.EventsAfter == 0 ? text + "。" : $"{text}；其後 {checkpoints.EventsAfter} 筆事件尚無查核點涵蓋。";
    }
}
