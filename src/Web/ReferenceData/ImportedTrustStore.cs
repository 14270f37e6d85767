using Domain.Certificates;
using Domain.Certificates.Cards;
using Domain.ReferenceData;
using Pkix.Revocation;
using Pkix.Validation;
using ReadModels.ReferenceData;
using Web.CardSteps.Trust;

namespace Web.ReferenceData;

/// <summary>
/// The card steps' trust from the administrator's imports: anchors and issuing CAs per kind of card, and the test
/// CAs to refuse, from the latest trust-list import (the reference-data query model). CRLs and the revocation policy
/// still come from the files (<c>Web:Trust</c>, <see cref="FileTrustStore"/>): a CRL applies to the imported CA with
/// the same key. The deny-list is the union of the imported and the configured one (refusing more is never unsafe).
/// Before any trust list has been imported it answers exactly as the file store does. A new import gives a new
/// snapshot, so the card steps rebuild their validator; otherwise the same snapshot is handed out.
/// </summary>
public sealed class ImportedTrustStore(FileTrustStore files, TrustListLookup trustList, TrustHealth health, TimeProvider time) : ITrustStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string ImportId, TrustSnapshot? Files, TrustSnapshot Snapshot)? _cached;

    public async ValueTask<TrustSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var importId = await trustList.LatestImportAsync(cancellationToken);
        if (importId is null)
            return await files.GetAsync(cancellationToken);
        var fileSnapshot = files.IsConfigured ? await files.GetAsync(cancellationToken) : null;
        if (_cached is { } cached && cached.ImportId == importId && ReferenceEquals(cached.Files, fileSnapshot))
            return cached.Snapshot;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && again.ImportId == importId && ReferenceEquals(again.Files, fileSnapshot))
                return again.Snapshot;
            var now = time.GetUtcNow();
            var snapshot = Build(await trustList.AllAsync(cancellationToken), fileSnapshot, now);
            // The imported anchors and CAs, checked as validation will use them (the import's own page checks them too).
            health.Record("import", snapshot.Problems ?? [], now);
            _cached = (importId, fileSnapshot, snapshot);
            return snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The trust snapshot an imported list makes, with CRLs and revocation settings from <paramref name="fromFiles"/> when there are files.</summary>
    public static TrustSnapshot Build(IReadOnlyList<TrustListEntry> entries, TrustSnapshot? fromFiles, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entries);
        List<PkixCertificate> Certificates(CertificateKind kind, TrustRole role) =>
            entries.Where(e => e.Kind == kind && e.Role == role)
                .Select(e => PkixCertificate.Parse(e.CertificateDer).Certificate
                    ?? throw new TrustConfigurationException($"The imported trust list holds a certificate that no longer parses ({e.Name})."))
                .ToList();

        var kinds = new Dictionary<CertificateKind, KindTrust>();
        foreach (var kind in new[] { CertificateKind.Organisation, CertificateKind.Citizen })
        {
            var anchors = Certificates(kind, TrustRole.Anchor);
            if (anchors.Count > 0)
                kinds[kind] = new KindTrust(anchors, Certificates(kind, TrustRole.Issuing));
        }
        var denied = new HashSet<string>(entries.Where(e => e.Role == TrustRole.Denied).Select(e => e.SubjectKeyId), StringComparer.OrdinalIgnoreCase);
        if (fromFiles is not null)
            denied.UnionWith(fromFiles.Configuration.DeniedKeyIds);
        var configuration = new TrustConfiguration { Kinds = kinds, DeniedKeyIds = denied };
        return new TrustSnapshot(
            configuration,
            fromFiles?.Crls ?? new CrlStore(),
            fromFiles?.Revocation ?? new RevocationOptions(),
            fromFiles is null ? new OcspOptions() : fromFiles.Ocsp,
            TrustAudit.Check(configuration, now));
    }
}
