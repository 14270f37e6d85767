using Dapper;
using ReadModels.Querying;

namespace ReadModels.People;

/// <summary>A certificate's binding to a person, as the index holds it.</summary>
public sealed record CitizenCertificateBinding(
    string IssuerKeyId, string SerialNumber, string PersonKey, string MaskedNationalId, string Name, string SubjectDn,
    DateTimeOffset NotAfter, DateTimeOffset BoundAt, DateTimeOffset? EndedAt);

/// <summary>Queries of <see cref="CitizenCertificatesProjection"/>.</summary>
public sealed class CitizenCertificateIndex(ReadModelDatabase readModels)
{
    /// <summary>The person the certificate is bound to now, or null (never bound, or replaced by a renewed card).</summary>
    public async Task<CitizenCertificateBinding?> FindActiveAsync(string issuerKeyId, string serialNumber, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select} WHERE issuer_key_id = @issuerKeyId AND serial = @serialNumber AND ended_at_us IS NULL",
            new { issuerKeyId, serialNumber }, cancellationToken: cancellationToken));
        return row?.ToBinding();
    }

    /// <summary>Every certificate bound to the person, the current one first.</summary>
    public async Task<IReadOnlyList<CitizenCertificateBinding>> ForPersonAsync(string personKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} WHERE person_key = @personKey ORDER BY ended_at_us IS NOT NULL, bound_at_us DESC", new { personKey }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToBinding()).ToList();
    }

    private const string Select =
        "SELECT issuer_key_id AS IssuerKeyId, serial AS SerialNumber, person_key AS PersonKey, masked_id AS MaskedNationalId, name AS Name, subject AS SubjectDn, "
        + "not_after_us AS NotAfterUs, bound_at_us AS BoundAtUs, ended_at_us AS EndedAtUs FROM people_citizen_certificates";

    private sealed class Row
    {
        public string IssuerKeyId { get; init; } = "";
        public string SerialNumber { get; init; } = "";
        public string PersonKey { get; init; } = "";
        public string MaskedNationalId { get; init; } = "";
        public string Name { get; init; } = "";
        public string SubjectDn { get; init; } = "";
        public long NotAfterUs { get; init; }
        public long BoundAtUs { get; init; }
        public long? EndedAtUs { get; init; }

        public CitizenCertificateBinding ToBinding() => new(IssuerKeyId, SerialNumber, PersonKey, MaskedNationalId, Name, SubjectDn,
            UnixMicros.At(NotAfterUs), UnixMicros.At(BoundAtUs), EndedAtUs is { } ended ? UnixMicros.At(ended) : null);
    }
}
