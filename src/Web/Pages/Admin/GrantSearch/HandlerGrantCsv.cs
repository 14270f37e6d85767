using Domain.Common;
using Domain.ReferenceData;
using ReadModels.Grants;
using Web.Exports;
using Web.Pages.Grants;

namespace Web.Pages.Admin.GrantSearch;

/// <summary>
/// The grant export's columns and rows (written as every CSV is, <see cref="CsvText"/>): ROC dates, national IDs masked
/// (the full ID never leaves the store).
/// </summary>
public static class HandlerGrantCsv
{
    public static IReadOnlyList<string> Header { get; } =
        ["機關代號", "機關名稱", "序號", "經辦人姓名", "身分證統一編號", "憑證序號", "憑證到期日", "功能代碼", "功能名稱", "狀態", "授權時間", "最後異動時間", "刪除時間", "刪除原因"];

    public static string Row(HandlerGrantRow row, FunctionCatalogue? catalogue)
    {
        ArgumentNullException.ThrowIfNull(row);
        return CsvText.Line(
        [
            row.AgencyCode,
            row.AgencyName,
            row.GrantNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
            row.HandlerName,
            row.MaskedNationalId,
            row.Serial,
            row.CertificateNotAfter is { } notAfter ? RocDate.FormatDate(notAfter) : "",
            string.Join(" ", row.FunctionCodes),
            FunctionTree.Names(catalogue, row.FunctionCodes),
            row.Active ? "有效" : "已刪除",
            RocDate.FormatDateTime(row.IssuedAt),
            RocDate.FormatDateTime(row.ChangedAt),
            row.RevokedAt is { } revoked ? RocDate.FormatDateTime(revoked) : "",
            row.RevokeReason,
        ]);
    }
}
