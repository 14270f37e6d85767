using System.Text;
using Domain.Common;
using Domain.ReferenceData;
using ReadModels.Grants;

namespace Web.Grants;

/// <summary>
/// The export's CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese), RFC 4180 quoting, ROC dates,
/// national IDs masked (the full ID never leaves the store), and cells that a spreadsheet would read as a formula
/// prefixed with an apostrophe.
/// </summary>
public static class GrantCsv
{
    public static IReadOnlyList<string> Header { get; } =
        ["機關代號", "機關名稱", "序號", "經辦人姓名", "身分證統一編號", "憑證序號", "憑證到期日", "功能代碼", "功能名稱", "狀態", "授權時間", "最後異動時間", "刪除時間", "刪除原因"];

    public static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: true);

    public static string Line(IEnumerable<string?> cells) => string.Join(",", cells.Select(Cell)) + "\r\n";

    public static string Row(IssuedGrantRow row, FunctionCatalogue? catalogue)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Line(
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

    private static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            text = "'" + text;
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
