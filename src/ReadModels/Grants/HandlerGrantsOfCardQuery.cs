using Dapper;
using ReadModels.Querying;
using static ReadModels.Grants.HandlerGrantRows;

namespace ReadModels.Grants;

/// <summary>
/// A handler's own view: the active handler grants a citizen card holds, in every agency (我的授權功能, the handler role at
/// sign-in). A grant is the card's when its serial is the card's, its person (keyed ID hash) is the card holder's, and its
/// issuer key id is the card's issuer — or it has none (a serial the manager typed, or a grant recorded before issuers
/// were kept): such a grant matches serial and person only (docs/grants.md, "The handler role").
/// </summary>
public sealed class HandlerGrantsOfCardQuery(ReadModelDatabase readModels)
{
    /// <param name="issuerKeyId">The card certificate's authority key identifier (<c>CertificateKey.IssuerKeyId</c>).</param>
    /// <param name="serial">The card certificate's serial, canonical hex.</param>
    /// <param name="personKey">The signed-in person's keyed national-ID hash (<c>NationalIdHashKey.Hash</c>), never the ID.</param>
    public async Task<IReadOnlyList<HandlerGrantRow>> ForCardAsync(string issuerKeyId, string serial, string personKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuerKeyId);
        ArgumentException.ThrowIfNullOrEmpty(serial);
        ArgumentException.ThrowIfNullOrEmpty(personKey);
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RowData>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM issued_grants g
            WHERE g.serial = @serial AND g.id_hash = @personKey AND (g.issuer_key_id = @issuerKeyId OR g.issuer_key_id IS NULL) AND g.active = 1
            ORDER BY g.agency_code, g.grant_number
            """,
            new { serial, personKey, issuerKeyId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRow()).ToList();
    }
}
