using Dapper;
using Domain.Registration;
using ReadModels.Querying;

namespace ReadModels.Registration;

/// <summary>One both-cards swap request as reviewers and the agency's manager see it (national IDs masked).</summary>
public sealed record BothSwapRequestView(
    string AgencyCode,
    int RequestNumber,
    string AgencyName,
    string NewOrganisationSerial,
    string NewManagerName,
    string NewManagerMaskedId,
    string PreviousManagerName,
    string PreviousManagerMaskedId,
    DateTimeOffset RequestedAt,
    DateTimeOffset EffectiveAt,
    SwapRequestStatus Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? Reason);

/// <summary>One row of the notification outbox: who was told of a both-cards swap, how, and when.</summary>
/// <param name="RecipientKind"><see cref="BothSwapRequestsProjection.PreviousManager"/> or <see cref="BothSwapRequestsProjection.AgencyContact"/>.</param>
public sealed record SwapNotification(
    string AgencyCode, int RequestNumber, string RecipientKind, string RecipientName, string? RecipientMaskedId, string RecipientEmail, DateTimeOffset CreatedAt, DateTimeOffset EffectiveAt);

/// <summary>Reads <see cref="BothSwapRequestsProjection"/>.</summary>
public sealed class BothSwapRequestsQuery(ReadModelDatabase readModels)
{
    private const string Columns =
        """
        agency_code AS AgencyCode, request_number AS RequestNumber, agency_name AS AgencyName, new_organisation_serial AS NewOrganisationSerial,
        new_manager_name AS NewManagerName, new_manager_masked_id AS NewManagerMaskedId, previous_manager_name AS PreviousManagerName,
        previous_manager_masked_id AS PreviousManagerMaskedId, requested_at_us AS RequestedAtUs, effective_at_us AS EffectiveAtUs, status AS Status,
        decided_by AS DecidedBy, decided_at_us AS DecidedAtUs, reason AS Reason
        """;

    /// <summary>Requests in their cooling-off period, soonest effective first.</summary>
    public Task<IReadOnlyList<BothSwapRequestView>> PendingAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("WHERE status = @pending ORDER BY effective_at_us, agency_code", new { pending = SwapRequestStatus.Pending.ToString() }, cancellationToken);

    /// <summary>Pending requests whose period has ended by <paramref name="now"/>: the ones to apply.</summary>
    public Task<IReadOnlyList<BothSwapRequestView>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        QueryAsync("WHERE status = @pending AND effective_at_us <= @now ORDER BY effective_at_us, agency_code",
            new { pending = SwapRequestStatus.Pending.ToString(), now = RegistrationTime.Microseconds(now) }, cancellationToken);

    /// <summary>Pending requests of these agencies (the signed-in manager's home page).</summary>
    public async Task<IReadOnlyList<BothSwapRequestView>> PendingForAsync(IReadOnlyCollection<string> agencyCodes, CancellationToken cancellationToken = default) =>
        agencyCodes.Count == 0 ? [] : (await PendingAsync(cancellationToken)).Where(r => agencyCodes.Contains(r.AgencyCode, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>The latest decided or applied requests, newest first.</summary>
    public Task<IReadOnlyList<BothSwapRequestView>> RecentlySettledAsync(int limit, CancellationToken cancellationToken = default) =>
        QueryAsync("WHERE status <> @pending ORDER BY decided_at_us DESC, agency_code LIMIT @limit", new { pending = SwapRequestStatus.Pending.ToString(), limit }, cancellationToken);

    public async Task<BothSwapRequestView?> RequestAsync(string agencyCode, int requestNumber, CancellationToken cancellationToken = default) =>
        (await QueryAsync("WHERE agency_code = @agencyCode AND request_number = @requestNumber", new { agencyCode, requestNumber }, cancellationToken)).SingleOrDefault();

    /// <summary>Who was told of one request.</summary>
    public async Task<IReadOnlyList<SwapNotification>> NotificationsAsync(string agencyCode, int requestNumber, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<NotificationRow>(new CommandDefinition(
            """
            SELECT agency_code AS AgencyCode, request_number AS RequestNumber, recipient_kind AS RecipientKind, recipient_name AS RecipientName,
                   recipient_masked_id AS RecipientMaskedId, recipient_email AS RecipientEmail, created_at_us AS CreatedAtUs, effective_at_us AS EffectiveAtUs
            FROM swap_notifications WHERE agency_code = @agencyCode AND request_number = @requestNumber ORDER BY recipient_kind DESC
            """,
            new { agencyCode, requestNumber },
            cancellationToken: cancellationToken));
        return rows.Select(r => new SwapNotification(r.AgencyCode, (int)r.RequestNumber, r.RecipientKind, r.RecipientName, r.RecipientMaskedId, r.RecipientEmail,
            RegistrationTime.FromMicroseconds(r.CreatedAtUs), RegistrationTime.FromMicroseconds(r.EffectiveAtUs))).ToList();
    }

    private async Task<IReadOnlyList<BothSwapRequestView>> QueryAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM both_swap_requests {where}", parameters, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToView()).ToList();
    }

    private sealed class Row
    {
        public string AgencyCode { get; init; } = "";
        public long RequestNumber { get; init; }
        public string AgencyName { get; init; } = "";
        public string NewOrganisationSerial { get; init; } = "";
        public string NewManagerName { get; init; } = "";
        public string NewManagerMaskedId { get; init; } = "";
        public string PreviousManagerName { get; init; } = "";
        public string PreviousManagerMaskedId { get; init; } = "";
        public long RequestedAtUs { get; init; }
        public long EffectiveAtUs { get; init; }
        public string Status { get; init; } = "";
        public string? DecidedBy { get; init; }
        public long? DecidedAtUs { get; init; }
        public string? Reason { get; init; }

        public BothSwapRequestView ToView() => new(
            AgencyCode, (int)RequestNumber, AgencyName, NewOrganisationSerial, NewManagerName, NewManagerMaskedId, PreviousManagerName, PreviousManagerMaskedId,
            RegistrationTime.FromMicroseconds(RequestedAtUs), RegistrationTime.FromMicroseconds(EffectiveAtUs), Enum.Parse<SwapRequestStatus>(Status), DecidedBy,
            DecidedAtUs is { } decided ? RegistrationTime.FromMicroseconds(decided) : null, Reason);
    }

    private sealed class NotificationRow
    {
        public string AgencyCode { get; init; } = "";
        public long RequestNumber { get; init; }
        public string RecipientKind { get; init; } = "";
        public string RecipientName { get; init; } = "";
        public string? RecipientMaskedId { get; init; }
        public string RecipientEmail { get; init; } = "";
        public long CreatedAtUs { get; init; }
        public long EffectiveAtUs { get; init; }
    }
}
