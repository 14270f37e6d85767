using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Domain.Common;
using EventStore.Serialization;
using Web.Exports;

namespace Web.Pages.Audit;

/// <summary>The file formats an agency's history is exported in.</summary>
public enum HistoryFormat
{
    Csv,
    Json,
}

/// <summary>
/// An agency's history as a file: every event with who, when (UTC and ROC), what, the certificates it relied on, and
/// its hash-chain link (previous hash, hash), so an auditor can check offline that each event links to the one before.
/// National IDs are masked in both formats; the event's own JSON (in the JSON export) is the stored data with every
/// national ID masked, so its hash cannot be recomputed from the file — the page's chain verification does that on the
/// stored bytes.
/// </summary>
public static class HistoryExport
{
    public static IReadOnlyList<string> CsvHeader { get; } =
        ["位置", "版次", "事件編號", "事件類型", "記錄時間(UTC)", "記錄時間", "執行者", "關聯編號", "起因編號", "事項", "依據憑證", "說明", "前一事件雜湊", "雜湊"];

    public static string FileName(string agencyCode, HistoryFormat format) =>
        $"registration-{agencyCode}-history.{(format == HistoryFormat.Csv ? "csv" : "json")}";

    public static string ContentType(HistoryFormat format) => format == HistoryFormat.Csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";

    public static byte[] Write(HistoryFormat format, string agencyCode, IReadOnlyList<AuditedEvent> history, DateTimeOffset exportedAt, string exportedBy) =>
        format == HistoryFormat.Csv ? Csv(history) : Json(agencyCode, history, exportedAt, exportedBy);

    public static byte[] Csv(IReadOnlyList<AuditedEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var text = new StringBuilder(CsvText.Line(CsvHeader));
        foreach (var e in history)
        {
            text.Append(CsvText.Line(
            [
                e.Position.ToString(CultureInfo.InvariantCulture),
                e.Revision.ToString(CultureInfo.InvariantCulture),
                e.EventId.ToString(),
                e.StoredType,
                e.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                RocDate.FormatDateTime(e.RecordedAt),
                e.Actor,
                e.CorrelationId?.ToString(),
                e.CausationId?.ToString(),
                e.What,
                string.Join("；", e.Certificates.Select(c => $"{c.Role} {c.SerialNumber}（{c.Issuer}）")),
                string.Join("；", e.Details),
                e.PreviousHash,
                e.Hash,
            ]));
        }

        return [.. CsvText.Encoding.GetPreamble(), .. CsvText.Encoding.GetBytes(text.ToString())];
    }

    public static byte[] Json(string agencyCode, IReadOnlyList<AuditedEvent> history, DateTimeOffset exportedAt, string exportedBy)
    {
        ArgumentNullException.ThrowIfNull(history);
        var events = new JsonArray();
        foreach (var e in history)
        {
            events.Add(new JsonObject
            {
                ["position"] = e.Position,
                ["revision"] = e.Revision,
                ["eventId"] = e.EventId,
                ["type"] = e.StoredType,
                ["recordedAt"] = e.RecordedAt.UtcDateTime,
                ["recordedAtRoc"] = RocDate.FormatDateTime(e.RecordedAt),
                ["actor"] = e.Actor,
                ["correlationId"] = e.CorrelationId,
                ["causationId"] = e.CausationId,
                ["what"] = e.What,
                ["certificates"] = new JsonArray([.. e.Certificates.Select(c => (JsonNode)new JsonObject
                {
                    ["role"] = c.Role,
                    ["serialNumber"] = c.SerialNumber,
                    ["issuer"] = c.Issuer,
                })]),
                ["details"] = new JsonArray([.. e.Details.Select(d => (JsonNode?)JsonValue.Create(d))]),
                ["data"] = MaskNationalIds(JsonSerializer.SerializeToNode(e.Event, e.Event.GetType(), EventJson.Options)),
                ["previousHash"] = e.PreviousHash,
                ["hash"] = e.Hash,
            });
        }

        var document = new JsonObject
        {
            ["format"] = "evs-agency-history/1",
            ["agencyCode"] = agencyCode,
            ["stream"] = $"registration-{agencyCode}",
            ["exportedAt"] = exportedAt.UtcDateTime,
            ["exportedBy"] = exportedBy,
            ["hashChain"] = "evs-chain/1 (docs/event-store.md): each previousHash equals the hash of the event before; 64 zeros at revision 0",
            ["events"] = events,
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Replaces every string that is a well-formed national ID by its masked form, anywhere in the tree.</summary>
    private static JsonNode? MaskNationalIds(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                    obj[key] = MaskNationalIds(value?.DeepClone());
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    array[i] = MaskNationalIds(array[i]?.DeepClone());
                return array;
            case JsonValue value when value.TryGetValue<string>(out var text) && NationalId.TryParse(text, out var id):
                return JsonValue.Create(id.Value.Masked);
            default:
                return node;
        }
    }
}
