using Domain.Common;
using Domain.Registration;

namespace Web.Pages.Audit;

/// <summary>One line of an agency's state as auditors read it: a stable key (for comparing two instants), its section, label and value.</summary>
public sealed record StateLine(string Key, string Section, string Label, string Value);

/// <summary>One difference between two states: the line's label and its value before and after (null where the line did not exist).</summary>
public sealed record StateChange(string Section, string Label, string? Before, string? After);

/// <summary>
/// Lays an <see cref="AgencyRegistration"/> out as labelled lines (registration, manager, OID review cases, handler
/// grants; national IDs masked), and compares two such layouts line by line.
/// </summary>
public static class AgencyStateLines
{
    public const string RegistrationSection = "註冊資料";
    public const string ReviewSection = "OID 審核案件";
    public const string GrantSection = "經辦人授權";

    public static IReadOnlyList<StateLine> Of(AgencyRegistration state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var lines = new List<StateLine>();
        void Add(string key, string section, string label, string? value) => lines.Add(new(key, section, label, value ?? ""));

        Add("registered", RegistrationSection, "註冊狀態", state.Registered is null ? "未註冊" : "已註冊");
        if (state.Registered is { } r)
        {
            Add("agency-name", RegistrationSection, "機關名稱", r.AgencyName);
            Add("org-serial", RegistrationSection, "機關憑證序號", r.OrganisationCertificate.SerialNumber);
            Add("org-issuer", RegistrationSection, "機關憑證簽發單位", r.OrganisationCertificate.IssuerDn);
            Add("org-oid", RegistrationSection, "機關憑證 OID", r.OrganisationCertificate.AgencyOid);
            Add("org-validity", RegistrationSection, "機關憑證效期", Validity(r.OrganisationCertificate.NotBefore, r.OrganisationCertificate.NotAfter));
            Add("org-card", RegistrationSection, "機關憑證卡號", r.OrganisationCertificate.CardNumber);
            Add("manager-name", RegistrationSection, "授權管理者", r.ManagerContact.Name);
            Add("manager-id", RegistrationSection, "授權管理者身分證統一編號", AuditEventText.MaskId(r.ManagerNationalId));
            Add("manager-serial", RegistrationSection, "授權管理者自然人憑證序號", r.ManagerCertificate.SerialNumber);
            Add("manager-issuer", RegistrationSection, "授權管理者自然人憑證簽發單位", r.ManagerCertificate.IssuerDn);
            Add("manager-validity", RegistrationSection, "授權管理者自然人憑證效期", Validity(r.ManagerCertificate.NotBefore, r.ManagerCertificate.NotAfter));
            Add("manager-contact", RegistrationSection, "聯絡資料",
                $"{r.ManagerContact.Email}，電話 {r.ManagerContact.Phone}{(r.ManagerContact.Extension is null ? "" : $" 分機 {r.ManagerContact.Extension}")}");
        }

        foreach (var c in state.Reviews)
        {
            var status = c.Status switch
            {
                OidReviewStatus.Approved => $"已核准，自 {RocDate.FormatDate(c.EffectiveFrom!.Value)} 起有效",
                OidReviewStatus.Rejected => $"已駁回：{c.RejectionReason}",
                _ => "審核中",
            };
            Add($"review-{c.CaseNumber}", ReviewSection, $"第 {c.CaseNumber} 號（OID {c.Oid}，憑證序號 {c.Certificate.SerialNumber}）", status);
        }

        foreach (var g in state.Grants.Values)
        {
            Add($"grant-{g.GrantNumber}", GrantSection, $"第 {g.GrantNumber} 號",
                $"{g.Name}（{AuditEventText.MaskId(g.NationalId)}），憑證序號 {g.CertificateSerial}，功能 {string.Join("、", g.FunctionCodes)}（版本 {g.CatalogueVersion}），{(g.IsRevoked ? "已刪除" : "有效")}");
        }

        return lines;
    }

    /// <summary>Every line that differs between <paramref name="before"/> and <paramref name="after"/>, in the order of the later layout (lines gone last).</summary>
    public static IReadOnlyList<StateChange> Compare(AgencyRegistration before, AgencyRegistration after)
    {
        var old = Of(before).ToDictionary(l => l.Key, StringComparer.Ordinal);
        var changes = new List<StateChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Of(after))
        {
            seen.Add(line.Key);
            var was = old.GetValueOrDefault(line.Key);
            if (was?.Value != line.Value)
                changes.Add(new StateChange(line.Section, line.Label, was?.Value, line.Value));
        }

        changes.AddRange(old.Values.Where(l => !seen.Contains(l.Key)).Select(l => new StateChange(l.Section, l.Label, l.Value, null)));
        return changes;
    }

    private static string Validity(DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        $"{RocDate.FormatDate(notBefore)} 至 {RocDate.FormatDate(notAfter)}";
}
