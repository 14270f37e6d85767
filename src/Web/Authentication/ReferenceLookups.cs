using Domain.Common;
using Domain.ReferenceData;

namespace Web.Authentication;

/// <summary>
/// The reference data sign-in and the eCPA pages consult: personnel records (as of a day) and the agency
/// directory. One small port, so the pages do not care whether it is answered from a snapshot or from the
/// reference-data projections.
/// </summary>
public interface IReferenceLookups
{
    /// <summary>The person's standing on <paramref name="day"/> (<see cref="PersonnelRecords.Find"/>), or null.</summary>
    ValueTask<PersonnelRecord?> FindPersonAsync(NationalId id, DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>The same for a self-chosen account (case-insensitive).</summary>
    ValueTask<PersonnelRecord?> FindPersonByAccountAsync(string account, DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>Each agency's record of the person in effect on <paramref name="day"/> (the personnel-officer rule asks each).</summary>
    ValueTask<IReadOnlyList<PersonnelRecord>> EffectiveRecordsAsync(NationalId id, DateOnly day, CancellationToken cancellationToken = default);

    ValueTask<AgencyDirectoryEntry?> FindAgencyAsync(AgencyCode code, CancellationToken cancellationToken = default);

    /// <summary>The agency whose directory entry expects <paramref name="agencyOid"/>, when exactly one does.</summary>
    ValueTask<AgencyDirectoryEntry?> FindAgencyByOidAsync(string agencyOid, CancellationToken cancellationToken = default);
}

/// <summary>
/// <see cref="IReferenceLookups"/> over parsed snapshots (<see cref="PersonnelRecords"/>, <see cref="AgencyDirectory"/>),
/// replaced whole by <see cref="Load"/>. Empty until something loads it.
/// </summary>
public sealed class SnapshotReferenceLookups : IReferenceLookups
{
    private const string EmptyPersonnel = "national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on\n";
    private const string EmptyDirectory = "code,name,expected_oids,review_desk\n";

    private volatile Snapshot _current = new(PersonnelRecords.Parse(EmptyPersonnel).Value!, AgencyDirectory.Parse(EmptyDirectory).Value!);

    private sealed record Snapshot(PersonnelRecords Personnel, AgencyDirectory Directory);

    public PersonnelRecords Personnel => _current.Personnel;

    public AgencyDirectory Directory => _current.Directory;

    public void Load(PersonnelRecords personnel, AgencyDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(personnel);
        ArgumentNullException.ThrowIfNull(directory);
        _current = new Snapshot(personnel, directory);
    }

    public ValueTask<PersonnelRecord?> FindPersonAsync(NationalId id, DateOnly day, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_current.Personnel.Find(id, day));

    public ValueTask<PersonnelRecord?> FindPersonByAccountAsync(string account, DateOnly day, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_current.Personnel.FindByAccount(account, day));

    public ValueTask<IReadOnlyList<PersonnelRecord>> EffectiveRecordsAsync(NationalId id, DateOnly day, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_current.Personnel.EffectiveRecords(id, day));

    public ValueTask<AgencyDirectoryEntry?> FindAgencyAsync(AgencyCode code, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_current.Directory.Find(code));

    public ValueTask<AgencyDirectoryEntry?> FindAgencyByOidAsync(string agencyOid, CancellationToken cancellationToken = default)
    {
        var matches = _current.Directory.Entries.Where(e => e.Expects(agencyOid)).Take(2).ToList();
        return ValueTask.FromResult(matches.Count == 1 ? matches[0] : null);
    }
}
