using System.ComponentModel.DataAnnotations;
using Domain.Common;
using Domain.Ecpa;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Mediator;
using ReadModels.Ecpa;
using Web.Authentication;
using Web.Messaging;
using ReadModels.ReferenceData;
using Web.Validation;

namespace Web.Pages.Ecpa.Grants;

/// <summary>The grant list of one agency for a system and right (both optional), read from the projection.</summary>
public sealed record ListApplicationGrants(string Agency, string? SystemCode, string? RightCode) : IQuery<Outcome<ApplicationSystemGrantPanel>>;

/// <summary>The catalogue in force, the system and right chosen (when valid), and the grants listed.</summary>
public sealed record ApplicationSystemGrantPanel(ApplicationSystemCatalogue Catalogue, ApplicationSystem? System, ApplicationSystemRight? Right, IReadOnlyList<ApplicationSystemGrantRow> Rows, int Total);

/// <summary>新增 → 輸入身分證號 → 搜尋: the person with that national ID, whether this agency may grant them rights, and the rights they hold here.</summary>
public sealed record FindGrantee(string Agency, [property: Display(Name = "身分證統一編號")] string? NationalId) : IQuery<Outcome<GranteeView>>;

/// <summary>A person found for granting. <see cref="Ineligible"/> says why they cannot be ticked, when they cannot.</summary>
public sealed record GranteeView(string PersonKey, string MaskedNationalId, string Name, string? Account, string? Ineligible, IReadOnlyList<ApplicationSystemGrantRow> Grants);

/// <summary>打勾 → 確定: grant the right to the people ticked.</summary>
public sealed record AddApplicationSystemGrants(SignedInUser Session, string? SystemCode, string? RightCode, IReadOnlyList<string> PersonKeys) : ICommand<Outcome<ApplicationSystemGrantsChanged>>;

/// <summary>取消授權 → 確定: take the right back from one person.</summary>
public sealed record RemoveApplicationSystemGrant(SignedInUser Session, string? SystemCode, string? RightCode, string? PersonKey) : ICommand<Outcome<ApplicationSystemGrantsChanged>>;

/// <summary>How many grants the command added or removed (0 for a repeat), and whether the list shows it yet.</summary>
public sealed record ApplicationSystemGrantsChanged(int Count, string? NotShownNotice);

public sealed class FindGranteeValidator : AbstractValidator<FindGrantee>
{
    public FindGranteeValidator() => RuleFor(q => q.NationalId).MustBeNationalId();
}

/// <summary>The messages of the grant page itself.</summary>
public static class ApplicationSystemGrantMessages
{
    /// <summary>Nobody with the ID, or nobody with it in this agency's records: one answer, so the search is no nationwide directory.</summary>
    public static Rejection NoSuchPerson { get; } = new("PERSON_NOT_FOUND", "本機關的人事資料中查無這個身分證統一編號的人員。", "NationalId");

    public static Rejection CatalogueMissing { get; } = new("CATALOGUE_MISSING", "目前沒有生效的應用系統清單，請洽系統管理者。");
}

/// <summary>The catalogue version in force today (Taiwan date).</summary>
public static class ApplicationCatalogues
{
    public static ApplicationSystemCatalogue? InForce(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return ApplicationSystemCatalogue.InForce(RocDate.TaiwanDate(time.GetUtcNow()));
    }
}

public sealed class ListApplicationGrantsHandler(ApplicationSystemGrantList grants, TimeProvider time) : IQueryHandler<ListApplicationGrants, Outcome<ApplicationSystemGrantPanel>>
{
    public const int PageSize = 200;

    public async ValueTask<Outcome<ApplicationSystemGrantPanel>> Handle(ListApplicationGrants query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (ApplicationCatalogues.InForce(time) is not { } catalogue)
            return ApplicationSystemGrantMessages.CatalogueMissing;
        var system = catalogue.System(query.SystemCode);
        var right = system?.Right(query.RightCode);
        var (rows, total) = await grants.ListAsync(new ApplicationSystemGrantFilter(query.Agency, system?.Code, right?.Code), 0, PageSize, cancellationToken);
        return new ApplicationSystemGrantPanel(catalogue, system, right, rows, total);
    }
}

public sealed class FindGranteeHandler(PersonnelLookup personnel, ApplicationSystemGrantList grants, PersonSessions sessions, TimeProvider time)
    : IQueryHandler<FindGrantee, Outcome<GranteeView>>
{
    public async ValueTask<Outcome<GranteeView>> Handle(FindGrantee query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var id = NationalId.Parse(query.NationalId).Id!.Value;
        var person = await personnel.LookUpAsync(id, sessions.Today, cancellationToken);
        var reports = await personnel.ReportsAsync(id, cancellationToken);
        // Only people this agency has ever reported: anyone else's name and status are not the manager's to look up.
        if (!reports.Any(r => r.Agency == AgencyCode.Of(query.Agency)))
            return ApplicationSystemGrantMessages.NoSuchPerson;
        var first = reports[^1];
        var grantee = new Grantee(first.IdHash, first.MaskedId, person.Standing?.Name ?? first.Name, person.Standing?.Account ?? first.Account, reports.Cast<IPersonnelReport>().ToList());
        var ineligible = ApplicationSystemGrantDecider.CheckGrantee(grantee, AgencyCode.Of(query.Agency), time.GetUtcNow());
        var (held, _) = await grants.ListAsync(new ApplicationSystemGrantFilter(query.Agency, PersonKey: grantee.PersonKey), 0, ListApplicationGrantsHandler.PageSize, cancellationToken);
        return new GranteeView(grantee.PersonKey, grantee.MaskedNationalId, grantee.Name, grantee.Account, ineligible?.Message, held);
    }
}

/// <summary>Runs grant commands on <c>ecpa-grants-{agency}</c>; the page lists the grants again right after, so the pipeline waits for that list.</summary>
public sealed class ApplicationSystemGrantChanges(
    PersonnelLookup personnel,
    CommandPipeline pipeline,
    PersonSessions sessions,
    TimeProvider time) : ICommandHandler<AddApplicationSystemGrants, Outcome<ApplicationSystemGrantsChanged>>, ICommandHandler<RemoveApplicationSystemGrant, Outcome<ApplicationSystemGrantsChanged>>
{
    public async ValueTask<Outcome<ApplicationSystemGrantsChanged>> Handle(AddApplicationSystemGrants command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (ApplicationCatalogues.InForce(time) is not { } catalogue)
            return ApplicationSystemGrantMessages.CatalogueMissing;
        var (agency, card) = SessionAgency(command.Session);
        var people = new List<Grantee>();
        foreach (var key in command.PersonKeys.Distinct(StringComparer.Ordinal))
        {
            var person = await personnel.LookUpByIdHashAsync(key, sessions.Today, cancellationToken);
            var standing = person.Standing ?? person.EffectiveReports.FirstOrDefault();
            people.Add(new Grantee(key, standing?.MaskedId ?? "", standing?.Name ?? "", standing?.Account, person.EffectiveReports.Cast<IPersonnelReport>().ToList()));
        }

        var issue = new IssueApplicationSystemGrants(Guid.CreateVersion7(), agency, command.Session.Subject, time.GetUtcNow(), card, catalogue,
            command.SystemCode ?? "", command.RightCode ?? "", people);
        return await RunAsync(issue, cancellationToken);
    }

    public async ValueTask<Outcome<ApplicationSystemGrantsChanged>> Handle(RemoveApplicationSystemGrant command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (agency, card) = SessionAgency(command.Session);
        var revoke = new RevokeApplicationSystemGrant(Guid.CreateVersion7(), agency, command.Session.Subject, time.GetUtcNow(), card,
            command.SystemCode ?? "", command.RightCode ?? "", command.PersonKey ?? "");
        return await RunAsync(revoke, cancellationToken);
    }

    /// <summary>The agency an organisation-card session acts for, and its card (the page's policy guarantees both).</summary>
    private static (AgencyCode Agency, CertificateKey Card) SessionAgency(SignedInUser session)
    {
        var certificate = session.Certificate?.Split(':') ?? [];
        return (AgencyCode.Of(session.Agency ?? throw new InvalidOperationException("The grant pages need an organisation-card session.")),
            certificate.Length == 2 ? new CertificateKey(certificate[0], certificate[1]) : throw new InvalidOperationException("The session has no card."));
    }

    private async Task<Outcome<ApplicationSystemGrantsChanged>> RunAsync(ApplicationSystemGrantCommand command, CancellationToken cancellationToken)
    {
        var outcome = await pipeline.SendAsync(command, [ApplicationSystemGrantsProjection.ProjectionName], cancellationToken);
        return outcome.TryGetValue(out var recorded)
            ? new ApplicationSystemGrantsChanged(recorded.Events.Count, recorded.NotShownNotice)
            : Outcome<ApplicationSystemGrantsChanged>.FromRejections(outcome.Rejections);
    }
}
