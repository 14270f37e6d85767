using Dapper;
using Domain.ReferenceData;
using ReadModels.Querying;

namespace ReadModels.ReferenceData;

/// <summary>The imported trust list: anchors and issuing CAs per kind of card, and the test CAs refused.</summary>
public sealed class TrustListLookup(ReadModelDatabase readModels)
{
    /// <summary>Every certificate of the list in file order; empty before the first import.</summary>
    public async Task<IReadOnlyList<TrustListEntry>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Kind, string Role, string Name, string CertificateDer, string SubjectDn, string SubjectKeyId, string Sha256Thumbprint)>(
            new CommandDefinition(
                "SELECT kind, role, name, certificate_der, subject_dn, subject_key_id, sha256_thumbprint FROM ref_trust_certificates ORDER BY position",
                cancellationToken: cancellationToken));
        return rows.Select(r => new TrustListEntry(TrustList.ParseKind(r.Kind), TrustList.ParseRole(r.Role), r.Name, Convert.FromBase64String(r.CertificateDer), r.SubjectDn,
            r.SubjectKeyId, r.Sha256Thumbprint)).ToList();
    }

    /// <summary>The import the trust list's rows come from; null before the first import (or before the runner has created the table).</summary>
    public async Task<string?> LatestImportAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        return !await readModels.ExistsAsync(connection, "ref_trust_certificates", cancellationToken) ? null : await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT import_id FROM ref_trust_certificates LIMIT 1", cancellationToken: cancellationToken));
    }
}
