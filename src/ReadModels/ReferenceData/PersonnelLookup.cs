using Dapper;
using Domain.Common;
using Domain.ReferenceData;
using ReadModels.Querying;

namespace ReadModels.ReferenceData;

/// <summary>
/// One personnel report as the query model holds it: the person is known by the keyed hash of the national ID,
/// the masked ID and its last four digits, never the ID itself.
/// </summary>
public sealed record PersonnelReport(
    string IdHash,
    string MaskedId,
    string IdLastFour,
    string Name,
    string? Account,
    EmploymentStatus Status,
    string Category,
    string ServiceUnit,
    string? ConcurrentDuty,
    AgencyCode Agency,
    DateOnly ReportedOn) : IPersonnelReport
{
    /// <summary>The first day the report counts: the day after it was reported.</summary>
    public DateOnly EffectiveFrom => ReportedOn.AddDays(1);

    /// <summary>The domain's record, for the caller who holds the ID (e.g. a command's <c>ManagerCard.PersonnelRecord</c>).</summary>
    public PersonnelRecord ToRecord(NationalId id) => new(id, Name, Account, Status, Category, ServiceUnit, ConcurrentDuty, Agency, ReportedOn);
}

/// <summary>What the personnel records say about a person on a day.</summary>
public enum PersonnelLookupStatus
{
    /// <summary>No report names the person (or the account).</summary>
    NotFound = 1,

    /// <summary>Reports exist, but none counts yet: reported today, in effect from tomorrow.</summary>
    NotYetEffective = 2,

    /// <summary>The person has a standing (current or departed) on the day.</summary>
    Found = 3,
}

/// <summary>A person's standing on a day: the report that decides it, whether they are a personnel officer, and every report in effect.</summary>
/// <param name="Standing">Null unless <see cref="Status"/> is <see cref="PersonnelLookupStatus.Found"/>.</param>
public sealed record PersonnelLookupResult(PersonnelLookupStatus Status, PersonnelReport? Standing, bool IsPersonnelOfficer, IReadOnlyList<PersonnelReport> EffectiveReports)
{
    public bool IsCurrent => Standing?.Status == EmploymentStatus.Current;
}

/// <summary>
/// The personnel records (table 2) as the features ask them: by national ID or self-chosen account, as of a
/// day (a report counts from the day after it was reported), with the personnel-officer rule applied.
/// </summary>
public sealed class PersonnelLookup(ReadModelDatabase readModels, NationalIdHashKey hashKey)
{
    /// <summary>The person's standing on <paramref name="asOf"/> as the domain's record (what registration commands carry), or null.</summary>
    public async Task<PersonnelRecord?> FindAsync(NationalId id, DateOnly asOf, CancellationToken cancellationToken = default) =>
        (await LookUpAsync(id, asOf, cancellationToken)).Standing?.ToRecord(id);

    public async Task<PersonnelLookupResult> LookUpAsync(NationalId id, DateOnly asOf, CancellationToken cancellationToken = default) =>
        Decide(await ReportsAsync(hashKey.Hash(id), cancellationToken), asOf);

    /// <summary>The same for a person known only by the keyed hash of the national ID (a session, a person stream, a grant row).</summary>
    public async Task<PersonnelLookupResult> LookUpByIdHashAsync(string idHash, DateOnly asOf, CancellationToken cancellationToken = default) =>
        Decide(await ReportsAsync(idHash, cancellationToken), asOf);

    /// <summary>The same for a self-chosen account (case-insensitive).</summary>
    public async Task<PersonnelLookupResult> LookUpByAccountAsync(string account, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var key = (account ?? "").Trim().ToUpperInvariant();
        if (key.Length == 0)
            return Decide([], asOf);
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var owner = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT id_hash FROM ref_personnel_reports WHERE account_key = @key LIMIT 1", new { key }, cancellationToken: cancellationToken));
        return Decide(owner is null ? [] : await ReportsAsync(owner, cancellationToken), asOf);
    }

    /// <summary>Whether the person is a personnel officer (人事人員) on <paramref name="asOf"/> in any agency reporting them.</summary>
    public async Task<bool> IsPersonnelOfficerAsync(NationalId id, DateOnly asOf, CancellationToken cancellationToken = default) =>
        (await LookUpAsync(id, asOf, cancellationToken)).IsPersonnelOfficer;

    /// <summary>Every report of the person, oldest first.</summary>
    public Task<IReadOnlyList<PersonnelReport>> ReportsAsync(NationalId id, CancellationToken cancellationToken = default) =>
        ReportsAsync(hashKey.Hash(id), cancellationToken);

    /// <summary>The keyed hash of each given account's owner (accounts compared case-insensitively); accounts nobody holds are left out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> AccountOwnersAsync(IEnumerable<string> accounts, CancellationToken cancellationToken = default)
    {
        var keys = accounts.Select(a => a.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (keys.Count == 0)
            return owners;
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        // One statement for any number of accounts: the list travels as one parameter and meets the index.
        var rows = await connection.QueryAsync<(string AccountKey, string IdHash)>(new CommandDefinition(
            $"SELECT DISTINCT account_key, id_hash FROM ref_personnel_reports WHERE {readModels.InList("account_key", "keys")}",
            new { keys = readModels.ListValue(keys) }, cancellationToken: cancellationToken));
        foreach (var (account, idHash) in rows)
            owners.TryAdd(account, idHash);
        return owners;
    }

    public async Task<int> CountPeopleAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT count(DISTINCT id_hash) FROM ref_personnel_reports", cancellationToken: cancellationToken));
    }

    private static PersonnelLookupResult Decide(IReadOnlyList<PersonnelReport> reports, DateOnly asOf)
    {
        if (reports.Count == 0)
            return new PersonnelLookupResult(PersonnelLookupStatus.NotFound, null, false, []);
        var standing = PersonnelStanding.Of(reports, asOf);
        return standing is null
            ? new PersonnelLookupResult(PersonnelLookupStatus.NotYetEffective, null, false, [])
            : new PersonnelLookupResult(PersonnelLookupStatus.Found, standing, PersonnelStanding.IsPersonnelOfficer(reports, asOf), PersonnelStanding.EffectiveReports(reports, asOf));
    }

    private async Task<IReadOnlyList<PersonnelReport>> ReportsAsync(string idHash, CancellationToken cancellationToken)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReportRow>(new CommandDefinition(
            """
            SELECT id_hash AS IdHash, id_masked AS MaskedId, id_last_four AS IdLastFour, name AS Name, account AS Account, status AS Status, category AS Category,
                   service_unit AS ServiceUnit, concurrent_duty AS ConcurrentDuty, agency_code AS AgencyCode, reported_on AS ReportedOn
            FROM ref_personnel_reports WHERE id_hash = @idHash ORDER BY reported_on, agency_code
            """,
            new { idHash },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToReport()).ToList();
    }

    private sealed class ReportRow
    {
        public string IdHash { get; init; } = "";
        public string MaskedId { get; init; } = "";
        public string IdLastFour { get; init; } = "";
        public string Name { get; init; } = "";
        public string? Account { get; init; }
        public string Status { get; init; } = "";
        public string Category { get; init; } = "";
        public string ServiceUnit { get; init; } = "";
        public string? ConcurrentDuty { get; init; }
        public string AgencyCode { get; init; } = "";
        public string ReportedOn { get; init; } = "";

        public PersonnelReport ToReport() => new(IdHash, MaskedId, IdLastFour, Name, Account, ReferenceDataImportPlan.ParseStatus(Status), Category, ServiceUnit,
            ConcurrentDuty, Domain.ReferenceData.AgencyCode.Of(AgencyCode), ReferenceDataImportPlan.ParseDay(ReportedOn));
    }
}
