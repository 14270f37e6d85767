using Dapper;
using ReadModels.Querying;

namespace ReadModels.Grants;

/// <summary>
/// A registered agency as the grant pages need it: its name, the stream version to send with a change, and the
/// registered organisation and manager certificates (issuer key id, serial) the card steps must present.
/// </summary>
public sealed record HandlerGrantAgency(
    string AgencyCode, string AgencyName, long StreamVersion,
    string OrganisationIssuerKeyId, string OrganisationSerial, string ManagerIssuerKeyId, string ManagerSerial, string ManagerName, string ManagerIdHash);

/// <summary>The agencies whose grants a sitting changes (<c>grant_agencies</c>): by code, or by their registered organisation certificate.</summary>
public sealed class HandlerGrantAgencyQuery(ReadModelDatabase readModels)
{
    private const string AgencyColumns =
        "SELECT agency_code AS AgencyCode, agency_name AS AgencyName, stream_version AS StreamVersion, org_issuer_key_id AS OrganisationIssuerKeyId, "
        + "org_serial AS OrganisationSerial, manager_issuer_key_id AS ManagerIssuerKeyId, manager_serial AS ManagerSerial, manager_name AS ManagerName, "
        + "manager_id_hash AS ManagerIdHash FROM grant_agencies";

    public async Task<HandlerGrantAgency?> AgencyAsync(string agencyCode, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<HandlerGrantAgency>(new CommandDefinition(
            $"{AgencyColumns} WHERE agency_code = @agencyCode", new { agencyCode }, cancellationToken: cancellationToken));
    }

    /// <summary>The agency whose registered organisation certificate this is, if any.</summary>
    public async Task<HandlerGrantAgency?> AgencyOfOrganisationCertificateAsync(string issuerKeyId, string serial, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<HandlerGrantAgency>(new CommandDefinition(
            $"{AgencyColumns} WHERE org_issuer_key_id = @issuerKeyId AND org_serial = @serial", new { issuerKeyId, serial }, cancellationToken: cancellationToken));
    }
}
