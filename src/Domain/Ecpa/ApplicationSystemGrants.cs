using System.Collections.Immutable;
using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;

namespace Domain.Ecpa;

/// <summary>A person found by national ID on the grant page, with every personnel report of theirs.</summary>
/// <param name="PersonKey">The keyed hash of the national ID.</param>
/// <param name="Account">The self-chosen account, when the person has one.</param>
public sealed record Grantee(string PersonKey, string MaskedNationalId, string Name, string? Account, IReadOnlyList<IPersonnelReport> Reports);

/// <summary>The base of every command of an agency's application-system grant stream.</summary>
/// <param name="OrganisationCertificate">The organisation card the session was signed in with (recorded in the events).</param>
public abstract record ApplicationSystemGrantCommand(Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now, CertificateKey OrganisationCertificate)
    : IStreamCommand<ApplicationSystemGrantDecider, AgencyApplicationGrants, ApplicationSystemGrantCommand, ApplicationSystemGrantEvent>
{
    private readonly DateTimeOffset now = Now.ToUniversalTime();

    /// <summary>The agency's application-system grant stream.</summary>
    public string StreamName => AgencyApplicationGrants.StreamName(Agency);

    public DateTimeOffset Now { get => now; init => now = value.ToUniversalTime(); }
}

/// <summary>應用系統授權設定 → 新增 → 勾選 → 確定: grant one right of one system to the people ticked.</summary>
public sealed record IssueApplicationSystemGrants(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now, CertificateKey OrganisationCertificate,
    ApplicationSystemCatalogue Catalogue,
    string SystemCode,
    string RightCode,
    IReadOnlyList<Grantee> People) : ApplicationSystemGrantCommand(CommandId, Agency, Actor, Now, OrganisationCertificate);

/// <summary>Take a granted right back.</summary>
public sealed record RevokeApplicationSystemGrant(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now, CertificateKey OrganisationCertificate,
    string SystemCode,
    string RightCode,
    string PersonKey) : ApplicationSystemGrantCommand(CommandId, Agency, Actor, Now, OrganisationCertificate);

/// <summary>One right held by one person.</summary>
public sealed record HeldRight(string SystemCode, string RightCode, string PersonKey, string MaskedNationalId, string PersonName, bool IsRevoked);

/// <summary>An agency's grant stream folded: every right ever granted, keyed by (system, right, person).</summary>
public sealed record AgencyApplicationGrants(ImmutableDictionary<(string System, string Right, string Person), HeldRight> Rights)
{
    public static AgencyApplicationGrants Initial { get; } = new(ImmutableDictionary<(string, string, string), HeldRight>.Empty);

    /// <summary>The stream of one agency's application-system grants: <c>ecpa-grants-{agencyCode}</c>.</summary>
    public static string StreamName(AgencyCode agency) => $"ecpa-grants-{agency.Value}";

    public bool Holds(string system, string right, string person) =>
        Rights.TryGetValue((system, right, person), out var held) && !held.IsRevoked;

    public static AgencyApplicationGrants Evolve(AgencyApplicationGrants state, ApplicationSystemGrantEvent @event)
    {
        ArgumentNullException.ThrowIfNull(state);
        return @event switch
        {
            ApplicationSystemGrantIssued e => state with
            {
                Rights = state.Rights.SetItem((e.SystemCode, e.RightCode, e.PersonKey), new HeldRight(e.SystemCode, e.RightCode, e.PersonKey, e.MaskedNationalId, e.PersonName, false)),
            },
            ApplicationSystemGrantRevoked e when state.Rights.TryGetValue((e.SystemCode, e.RightCode, e.PersonKey), out var held) => state with
            {
                Rights = state.Rights.SetItem((e.SystemCode, e.RightCode, e.PersonKey), held with { IsRevoked = true }),
            },
            _ => state,
        };
    }
}

/// <summary>The form fields of the grant page's rejections.</summary>
public static class ApplicationSystemGrantFields
{
    public const string SystemCode = nameof(SystemCode);
    public const string RightCode = nameof(RightCode);
    public const string People = nameof(People);
}

/// <summary>Why a grant or a revocation is refused.</summary>
public static class ApplicationSystemGrantRejections
{
    public static Rejection SystemUnknown { get; } = new("system-unknown", "請選擇要授權的應用系統。", ApplicationSystemGrantFields.SystemCode);

    public static Rejection RightUnknown { get; } = new("right-unknown", "請選擇這個應用系統的一項權限。", ApplicationSystemGrantFields.RightCode);

    public static Rejection PeopleRequired { get; } = new("people-required", "請至少勾選一位要授權的人員。", ApplicationSystemGrantFields.People);

    public static Rejection NotInRecords(string masked) => new("person-not-in-records",
        $"公務人力資料庫中查無 {masked} 的現行資料（資料於入檔隔天生效），無法授權。", ApplicationSystemGrantFields.People);

    public static Rejection Departed(string masked) => new("person-departed",
        $"{masked} 在公務人力資料庫中為卸職狀態，無法授權。", ApplicationSystemGrantFields.People);

    public static Rejection NotInAgency(string masked) => new("person-not-in-agency",
        $"{masked} 目前不是本機關的現職人員，只能授權給本機關的人員。", ApplicationSystemGrantFields.People);

    public static Rejection GrantNotFound { get; } = new("grant-not-found", "這位人員沒有這項權限，無須取消。", ApplicationSystemGrantFields.People);
}

/// <summary>
/// The rules of an agency's application-system grants: a system and right of the catalogue in force, and people
/// who are current staff of this agency today; a right already held is skipped (ticking it again changes nothing);
/// revoking needs a right that was granted, and revoking it again changes nothing.
/// </summary>
public sealed class ApplicationSystemGrantDecider : IDecider<AgencyApplicationGrants, ApplicationSystemGrantCommand, ApplicationSystemGrantEvent>
{
    public static AgencyApplicationGrants Initial => AgencyApplicationGrants.Initial;

    public static AgencyApplicationGrants Evolve(AgencyApplicationGrants state, ApplicationSystemGrantEvent @event) => AgencyApplicationGrants.Evolve(state, @event);

    public static Decision<ApplicationSystemGrantEvent> Decide(ApplicationSystemGrantCommand command, AgencyApplicationGrants state)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(state);
        return command switch
        {
            IssueApplicationSystemGrants c => Issue(c, state),
            RevokeApplicationSystemGrant c => Revoke(c, state),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "not a command of this stream"),
        };
    }

    /// <summary>Whether <paramref name="person"/> may be granted rights of <paramref name="agency"/> today; the rejection if not.</summary>
    public static Rejection? CheckGrantee(Grantee person, AgencyCode agency, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(person);
        var today = RocDate.TaiwanDate(now);
        var standing = PersonnelStanding.Of(person.Reports, today);
        if (standing is null)
            return ApplicationSystemGrantRejections.NotInRecords(person.MaskedNationalId);
        if (standing.Status == EmploymentStatus.Departed)
            return ApplicationSystemGrantRejections.Departed(person.MaskedNationalId);
        var here = PersonnelStanding.EffectiveReports(person.Reports, today).Any(r => r.Agency == agency && r.Status == EmploymentStatus.Current);
        return here ? null : ApplicationSystemGrantRejections.NotInAgency(person.MaskedNationalId);
    }

    private static Decision<ApplicationSystemGrantEvent> Issue(IssueApplicationSystemGrants c, AgencyApplicationGrants state)
    {
        if (c.Catalogue.System(c.SystemCode) is not { } system)
            return ApplicationSystemGrantRejections.SystemUnknown;
        if (system.Right(c.RightCode) is not { } right)
            return ApplicationSystemGrantRejections.RightUnknown;
        if (c.People.Count == 0)
            return ApplicationSystemGrantRejections.PeopleRequired;
        foreach (var person in c.People)
        {
            if (CheckGrantee(person, c.Agency, c.Now) is { } rejection)
                return rejection;
        }

        var events = c.People
            .DistinctBy(p => p.PersonKey)
            .Where(p => !state.Holds(system.Code, right.Code, p.PersonKey))
            .Select(p => (ApplicationSystemGrantEvent)new ApplicationSystemGrantIssued(
                c.Agency.Value, system.Code, system.Name, right.Code, right.Name, c.Catalogue.Version,
                p.PersonKey, p.MaskedNationalId, p.Name, p.Account,
                c.OrganisationCertificate.IssuerKeyId, c.OrganisationCertificate.SerialNumber, c.Actor, c.Now))
            .ToArray();
        return events.Length == 0 ? Decision<ApplicationSystemGrantEvent>.Nothing : Decision<ApplicationSystemGrantEvent>.Accept(events);
    }

    private static Decision<ApplicationSystemGrantEvent> Revoke(RevokeApplicationSystemGrant c, AgencyApplicationGrants state)
    {
        if (!state.Rights.TryGetValue((c.SystemCode, c.RightCode, c.PersonKey), out var held))
            return ApplicationSystemGrantRejections.GrantNotFound;
        if (held.IsRevoked)
            return Decision<ApplicationSystemGrantEvent>.Nothing;
        return Decision<ApplicationSystemGrantEvent>.Accept(new ApplicationSystemGrantRevoked(
            c.Agency.Value, held.SystemCode, held.RightCode, held.PersonKey, held.MaskedNationalId, held.PersonName,
            c.OrganisationCertificate.IssuerKeyId, c.OrganisationCertificate.SerialNumber, c.Actor, c.Now));
    }
}
