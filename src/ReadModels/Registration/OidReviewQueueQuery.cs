using Dapper;
using Domain.Registration;
using ReadModels.Querying;

namespace ReadModels.Registration;

/// <summary>One OID review case as the reviewer sees it.</summary>
public sealed record OidReviewCaseView(
    string AgencyCode,
    int CaseNumber,
    string AgencyName,
    string ReviewDesk,
    IReadOnlyList<string> ExpectedOids,
    string CertificateOid,
    string CertificateSerial,
    string CertificateSubjectDn,
    string CertificateIssuerDn,
    DateTimeOffset CertificateNotBefore,
    DateTimeOffset CertificateNotAfter,
    string ApplicantName,
    string ApplicantPhone,
    string? ApplicantExtension,
    DateTimeOffset RequestedAt,
    OidReviewStatus Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? EffectiveFrom,
    string? Reason);

/// <summary>Reads <see cref="OidReviewQueueProjection"/>.</summary>
public sealed class OidReviewQueueQuery(ReadModelDatabase readModels)
{
    /// <summary>Open cases, oldest request first, optionally of one review desk.</summary>
    public Task<IReadOnlyList<OidReviewCaseView>> PendingAsync(string? reviewDesk = null, CancellationToken cancellationToken = default) =>
        QueryAsync(
            "WHERE status = @status AND (@reviewDesk IS NULL OR review_desk = @reviewDesk) ORDER BY requested_at_us, agency_code",
            new { status = OidReviewStatus.Pending.ToString(), reviewDesk },
            cancellationToken);

    /// <summary>The latest decisions, newest first.</summary>
    public Task<IReadOnlyList<OidReviewCaseView>> RecentlyDecidedAsync(int limit, string? reviewDesk = null, CancellationToken cancellationToken = default) =>
        QueryAsync(
            "WHERE status <> @status AND (@reviewDesk IS NULL OR review_desk = @reviewDesk) ORDER BY decided_at_us DESC, agency_code LIMIT @limit",
            new { status = OidReviewStatus.Pending.ToString(), reviewDesk, limit },
            cancellationToken);

    public async Task<OidReviewCaseView?> CaseAsync(string agencyCode, int caseNumber, CancellationToken cancellationToken = default) =>
        (await QueryAsync("WHERE agency_code = @agencyCode AND case_number = @caseNumber", new { agencyCode, caseNumber }, cancellationToken)).SingleOrDefault();

    /// <summary>The review desks that have any case, for the queue's filter.</summary>
    public async Task<IReadOnlyList<string>> DesksAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT review_desk FROM oid_review_cases ORDER BY review_desk", cancellationToken: cancellationToken))).ToList();
    }

    private async Task<IReadOnlyList<OidReviewCaseView>> QueryAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT agency_code AS AgencyCode, case_number AS CaseNumber, agency_name AS AgencyName, review_desk AS ReviewDesk, expected_oids AS ExpectedOids,
                   certificate_oid AS CertificateOid, certificate_serial AS CertificateSerial, certificate_subject_dn AS CertificateSubjectDn,
                   certificate_issuer_dn AS CertificateIssuerDn, certificate_not_before_us AS NotBeforeUs, certificate_not_after_us AS NotAfterUs,
                   applicant_name AS ApplicantName, applicant_phone AS ApplicantPhone, applicant_extension AS ApplicantExtension,
                   requested_at_us AS RequestedAtUs, status AS Status, decided_by AS DecidedBy, decided_at_us AS DecidedAtUs,
                   effective_from_us AS EffectiveFromUs, reason AS Reason
            FROM oid_review_cases {where}
            """,
            parameters,
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToView()).ToList();
    }

    private sealed class Row
    {
        public string AgencyCode { get; init; } = "";
        public long CaseNumber { get; init; }
        public string AgencyName { get; init; } = "";
        public string ReviewDesk { get; init; } = "";
        public string ExpectedOids { get; init; } = "";
        public string CertificateOid { get; init; } = "";
        public string CertificateSerial { get; init; } = "";
        public string CertificateSubjectDn { get; init; } = "";
        public string CertificateIssuerDn { get; init; } = "";
        public long NotBeforeUs { get; init; }
        public long NotAfterUs { get; init; }
        public string ApplicantName { get; init; } = "";
        public string ApplicantPhone { get; init; } = "";
        public string? ApplicantExtension { get; init; }
        public long RequestedAtUs { get; init; }
        public string Status { get; init; } = "";
        public string? DecidedBy { get; init; }
        public long? DecidedAtUs { get; init; }
        public long? EffectiveFromUs { get; init; }
        public string? Reason { get; init; }

        public OidReviewCaseView ToView() => new(
            AgencyCode, (int)CaseNumber, AgencyName, ReviewDesk, ExpectedOids.Split(';', StringSplitOptions.RemoveEmptyEntries), CertificateOid, CertificateSerial,
            CertificateSubjectDn, CertificateIssuerDn, RegistrationTime.FromMicroseconds(NotBeforeUs), RegistrationTime.FromMicroseconds(NotAfterUs),
            ApplicantName, ApplicantPhone, ApplicantExtension, RegistrationTime.FromMicroseconds(RequestedAtUs), Enum.Parse<OidReviewStatus>(Status), DecidedBy,
            DecidedAtUs is { } decided ? RegistrationTime.FromMicroseconds(decided) : null,
            EffectiveFromUs is { } from ? RegistrationTime.FromMicroseconds(from) : null,
            Reason);
    }
}
