using Dapper;
using ReadModels.Querying;

namespace ReadModels.Registration;

/// <summary>One receipt of 查詢憑證註冊收件紀錄.</summary>
/// <param name="Seq">1, 2, 3… within the agency (序號).</param>
/// <param name="ReceivedAt">When the event says it happened (收件時間).</param>
/// <param name="CaseNumber">The OID review case a review receipt is about, or that a registration or swap relied on.</param>
/// <param name="EffectiveFrom">For an approval: when it takes effect.</param>
public sealed record RegistrationReceipt(
    int Seq, string AgencyCode, string AgencyName, DateTimeOffset ReceivedAt, ReceiptItem Item, int? CaseNumber, DateTimeOffset? EffectiveFrom);

/// <summary>Reads <see cref="RegistrationReceiptsProjection"/>.</summary>
public sealed class RegistrationReceiptsQuery(ReadModelDatabase readModels)
{
    /// <summary>The agency's receipts, oldest first; empty when it has none.</summary>
    public async Task<IReadOnlyList<RegistrationReceipt>> ForAgencyAsync(string agencyCode, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT seq AS Seq, agency_code AS AgencyCode, agency_name AS AgencyName, received_at_us AS ReceivedAtUs, item AS Item,
                   case_number AS CaseNumber, effective_from_us AS EffectiveFromUs
            FROM registration_receipts WHERE agency_code = @agencyCode ORDER BY seq
            """,
            new { agencyCode },
            cancellationToken: cancellationToken));
        return rows.Select(r => new RegistrationReceipt(
            (int)r.Seq, r.AgencyCode, r.AgencyName, RegistrationTime.FromMicroseconds(r.ReceivedAtUs), ReceiptItems.Parse(r.Item), (int?)r.CaseNumber,
            r.EffectiveFromUs is { } from ? RegistrationTime.FromMicroseconds(from) : null)).ToList();
    }

    private sealed class Row
    {
        public long Seq { get; init; }
        public string AgencyCode { get; init; } = "";
        public string AgencyName { get; init; } = "";
        public long ReceivedAtUs { get; init; }
        public string Item { get; init; } = "";
        public long? CaseNumber { get; init; }
        public long? EffectiveFromUs { get; init; }
    }
}
