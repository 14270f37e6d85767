using Domain.Common;
using Domain.Registration;
using EventStore.Serialization;
using ReadModels.Projections;

namespace ReadModels.Registration;

/// <summary>
/// The both-cards swaps in their cooling-off period and what became of them (<c>both_swap_requests</c>), and the
/// notification outbox the request fills (<c>swap_notifications</c>): one row per person told — the previous manager
/// (a notice when they sign in, and mail) and the agency's contact on file (mail) — with masked IDs only. Mail
/// delivery is a deployment hook that reads the outbox (docs/deployment.md); the service itself sends none.
/// </summary>
public sealed class BothSwapRequestsProjection : Projection
{
    public const string ProjectionName = "both-swap-requests";

    /// <summary>The previous authorization manager: told on their home page after signing in with the card being replaced, and by mail.</summary>
    public const string PreviousManager = "previous-manager";

    /// <summary>The agency's contact on file before the swap: told by mail.</summary>
    public const string AgencyContact = "agency-contact";

    public BothSwapRequestsProjection(EventTypeRegistry registry)
        : base(registry)
    {
        On<BothCertificatesSwapRequested>(async (e, recorded, w) =>
        {
            var previousMasked = Masked(e.PreviousManagerNationalId);
            await w.ExecuteAsync(
                $"""
                INSERT INTO {w.Table("both_swap_requests")} (agency_code, request_number, agency_name, new_organisation_serial, new_manager_name,
                    new_manager_masked_id, previous_manager_name, previous_manager_masked_id, previous_manager_issuer_key_id, previous_manager_serial,
                    requested_at_us, effective_at_us, status, position)
                VALUES (@AgencyCode, @RequestNumber, @AgencyName, @OrganisationSerial, @NewName, @NewMasked, @PreviousName, @PreviousMasked,
                    @PreviousIssuerKeyId, @PreviousSerial, @RequestedAt, @EffectiveAt, @Status, @Position)
                """,
                new
                {
                    e.AgencyCode, e.RequestNumber, e.AgencyName, OrganisationSerial = e.OrganisationCertificate.SerialNumber,
                    NewName = e.ManagerCertificate.CommonName ?? e.ManagerContact.Name, NewMasked = Masked(e.ManagerNationalId),
                    PreviousName = e.PreviousContact.Name, PreviousMasked = previousMasked, PreviousIssuerKeyId = e.PreviousManagerIssuerKeyId,
                    PreviousSerial = e.PreviousManagerSerialNumber, RequestedAt = RegistrationTime.Microseconds(e.RequestedAt),
                    EffectiveAt = RegistrationTime.Microseconds(e.EffectiveAt), Status = SwapRequestStatus.Pending.ToString(), Position = recorded.Position.Value,
                });
            foreach (var (kind, masked) in new[] { (PreviousManager, previousMasked), (AgencyContact, (string?)null) })
            {
                await w.ExecuteAsync(
                    $"""
                    INSERT INTO {w.Table("swap_notifications")} (agency_code, request_number, recipient_kind, recipient_name, recipient_masked_id, recipient_email,
                        created_at_us, effective_at_us, position)
                    VALUES (@AgencyCode, @RequestNumber, @Kind, @Name, @Masked, @Email, @CreatedAt, @EffectiveAt, @Position)
                    """,
                    new
                    {
                        e.AgencyCode, e.RequestNumber, Kind = kind, e.PreviousContact.Name, Masked = masked, e.PreviousContact.Email,
                        CreatedAt = RegistrationTime.Microseconds(e.RequestedAt), EffectiveAt = RegistrationTime.Microseconds(e.EffectiveAt),
                        Position = recorded.Position.Value,
                    });
            }
        });
        On<BothCertificatesSwapApproved>((e, recorded, w) => Decide(w, e.AgencyCode, e.RequestNumber, SwapRequestStatus.Applied, e.ApprovedBy, e.ApprovedAt, null, recorded.Position.Value));
        On<BothCertificatesSwapRefused>((e, recorded, w) => Decide(w, e.AgencyCode, e.RequestNumber, SwapRequestStatus.Refused, e.RefusedBy, e.RefusedAt, e.Reason, recorded.Position.Value));
        // When the period ends the swap is recorded alone; after an approval it follows the approval (already applied).
        On<OrganisationAndManagerCertificatesReplaced>((e, recorded, w) => w.ExecuteAsync(
            $"""
            UPDATE {w.Table("both_swap_requests")} SET status = @Status, decided_at_us = @At, position = @Position
            WHERE agency_code = @AgencyCode AND status = @Pending
            """,
            new
            {
                e.AgencyCode, Status = SwapRequestStatus.Applied.ToString(), Pending = SwapRequestStatus.Pending.ToString(),
                At = RegistrationTime.Microseconds(e.ReplacedAt), Position = recorded.Position.Value,
            }));
    }

    public override string Name => ProjectionName;

    public override int Version => 1;

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("both_swap_requests",
            "agency_code TEXT NOT NULL, request_number INTEGER NOT NULL, agency_name TEXT NOT NULL, new_organisation_serial TEXT NOT NULL, "
            + "new_manager_name TEXT NOT NULL, new_manager_masked_id TEXT NOT NULL, previous_manager_name TEXT NOT NULL, previous_manager_masked_id TEXT NOT NULL, "
            + "previous_manager_issuer_key_id TEXT NOT NULL, previous_manager_serial TEXT NOT NULL, requested_at_us INTEGER NOT NULL, effective_at_us INTEGER NOT NULL, "
            + "status TEXT NOT NULL, decided_by TEXT, decided_at_us INTEGER, reason TEXT, position INTEGER NOT NULL, PRIMARY KEY (agency_code, request_number)",
            "status, effective_at_us",
            "decided_at_us"),
        new("swap_notifications",
            "agency_code TEXT NOT NULL, request_number INTEGER NOT NULL, recipient_kind TEXT NOT NULL, recipient_name TEXT NOT NULL, recipient_masked_id TEXT, "
            + "recipient_email TEXT NOT NULL, created_at_us INTEGER NOT NULL, effective_at_us INTEGER NOT NULL, position INTEGER NOT NULL, "
            + "PRIMARY KEY (agency_code, request_number, recipient_kind)",
            "created_at_us"),
    ];

    private static string Masked(string nationalId) => NationalId.Parse(nationalId).Id?.Masked ?? "";

    private static Task Decide(ProjectionWriter w, string agencyCode, int requestNumber, SwapRequestStatus status, string by, DateTimeOffset at, string? reason, long position) =>
        w.ExecuteAsync(
            $"""
            UPDATE {w.Table("both_swap_requests")} SET status = @Status, decided_by = @By, decided_at_us = @At, reason = @Reason, position = @Position
            WHERE agency_code = @AgencyCode AND request_number = @RequestNumber
            """,
            new { AgencyCode = agencyCode, RequestNumber = requestNumber, Status = status.ToString(), By = by, At = RegistrationTime.Microseconds(at), Reason = reason, Position = position });
}
