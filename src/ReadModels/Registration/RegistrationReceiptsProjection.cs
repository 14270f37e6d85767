using Domain.Registration;
using EventStore;
using EventStore.Serialization;
using ReadModels.Projections;

namespace ReadModels.Registration;

/// <summary>
/// 查詢憑證註冊收件紀錄: one row per registration, certificate swap and OID review step of an agency
/// (<c>registration_receipts</c>), numbered 1, 2, 3… per agency in stream order, with the agency's name as it was
/// then and the instant the event says it happened. Handler grants are not receipts.
/// </summary>
public sealed class RegistrationReceiptsProjection : Projection
{
    public const string ProjectionName = "registration-receipts";

    public RegistrationReceiptsProjection(EventTypeRegistry registry)
        : base(registry)
    {
        On<AgencyRegistered>((e, recorded, w) => AddAsync(w, recorded, e.AgencyCode, e.AgencyName, e.RegisteredAt, ReceiptItem.FirstRegistration, e.OidReviewCase, null));
        On<OrganisationCertificateReplaced>((e, recorded, w) => AddAsync(w, recorded, e.AgencyCode, null, e.ReplacedAt, ReceiptItem.OrganisationSwap, e.OidReviewCase, null));
        On<ManagerCertificateReplaced>((e, recorded, w) => AddAsync(w, recorded, e.AgencyCode, null, e.ReplacedAt, ReceiptItem.ManagerSwap, null, null));
        On<OrganisationAndManagerCertificatesReplaced>((e, recorded, w) =>
            AddAsync(w, recorded, e.AgencyCode, null, e.ReplacedAt, ReceiptItem.BothSwap, e.OidReviewCase, null));
        On<OidReviewRequested>((e, recorded, w) => AddAsync(w, recorded, e.AgencyCode, e.AgencyName, e.RequestedAt, ReceiptItem.OidReviewRequested, e.CaseNumber, null));
        On<OidReviewApproved>((e, recorded, w) =>
            AddAsync(w, recorded, e.AgencyCode, null, e.ApprovedAt, ReceiptItem.OidReviewApproved, e.CaseNumber, RegistrationTime.Microseconds(e.EffectiveFrom)));
        On<OidReviewRejected>((e, recorded, w) => AddAsync(w, recorded, e.AgencyCode, null, e.RejectedAt, ReceiptItem.OidReviewRejected, e.CaseNumber, null));
    }

    public override string Name => ProjectionName;

    public override int Version => 1;

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("registration_receipts",
            "agency_code TEXT NOT NULL, seq INTEGER NOT NULL, agency_name TEXT NOT NULL, received_at_us INTEGER NOT NULL, item TEXT NOT NULL, "
            + "case_number INTEGER, effective_from_us INTEGER, position INTEGER NOT NULL, PRIMARY KEY (agency_code, seq)"),
    ];

    /// <summary>
    /// Appends the agency's next receipt. Swaps and review decisions carry no agency name: the latest name of the
    /// agency's earlier receipts stands (every stream starts with a registration or a review request, which do).
    /// </summary>
    private static Task AddAsync(
        ProjectionWriter w, RecordedEvent recorded, string agencyCode, string? agencyName, DateTimeOffset receivedAt, ReceiptItem item, int? caseNumber, long? effectiveFrom)
    {
        var receipts = w.Table("registration_receipts");
        return w.ExecuteAsync(
            $"""
            INSERT INTO {receipts} (agency_code, seq, agency_name, received_at_us, item, case_number, effective_from_us, position)
            VALUES (@agencyCode,
                (SELECT coalesce(max(seq), 0) + 1 FROM {receipts} WHERE agency_code = @agencyCode),
                coalesce(@agencyName, (SELECT agency_name FROM {receipts} WHERE agency_code = @agencyCode ORDER BY seq DESC LIMIT 1), ''),
                @receivedAt, @item, @caseNumber, @effectiveFrom, @position)
            """,
            new
            {
                agencyCode,
                agencyName,
                receivedAt = RegistrationTime.Microseconds(receivedAt),
                item = ReceiptItems.Code(item),
                caseNumber,
                effectiveFrom,
                position = recorded.Position.Value,
            });
    }
}

/// <summary>What a receipt records (註冊項目).</summary>
public enum ReceiptItem
{
    FirstRegistration = 1,
    OrganisationSwap = 2,
    ManagerSwap = 3,
    BothSwap = 4,
    OidReviewRequested = 5,
    OidReviewApproved = 6,
    OidReviewRejected = 7,
}

/// <summary>The stored codes of <see cref="ReceiptItem"/> (stable: they are in the read-model file).</summary>
public static class ReceiptItems
{
    public static string Code(ReceiptItem item) => item switch
    {
        ReceiptItem.FirstRegistration => "first-registration",
        ReceiptItem.OrganisationSwap => "organisation-swap",
        ReceiptItem.ManagerSwap => "manager-swap",
        ReceiptItem.BothSwap => "both-swap",
        ReceiptItem.OidReviewRequested => "oid-review-requested",
        ReceiptItem.OidReviewApproved => "oid-review-approved",
        ReceiptItem.OidReviewRejected => "oid-review-rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(item), item, null),
    };

    public static ReceiptItem Parse(string code) => code switch
    {
        "first-registration" => ReceiptItem.FirstRegistration,
        "organisation-swap" => ReceiptItem.OrganisationSwap,
        "manager-swap" => ReceiptItem.ManagerSwap,
        "both-swap" => ReceiptItem.BothSwap,
        "oid-review-requested" => ReceiptItem.OidReviewRequested,
        "oid-review-approved" => ReceiptItem.OidReviewApproved,
        "oid-review-rejected" => ReceiptItem.OidReviewRejected,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "not a receipt item code"),
    };
}
