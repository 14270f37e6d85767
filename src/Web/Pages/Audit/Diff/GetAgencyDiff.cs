using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Mediator;
using Web.Messaging;
using Web.Validation;

namespace Web.Pages.Audit.Diff;

/// <summary>What changed in an agency's registration between two instants: the state at each, compared line by line, and the events in between.</summary>
public sealed record GetAgencyDiff(
    [property: Display(Name = "機關代號")] string? AgencyCode,
    [property: Display(Name = "起始日期")] string? FromDate,
    [property: Display(Name = "起始時間")] string? FromTime,
    [property: Display(Name = "結束日期")] string? ToDate,
    [property: Display(Name = "結束時間")] string? ToTime) : IQuery<Outcome<AgencyDiff>>;

/// <param name="Between">The events recorded after <paramref name="From"/> up to <paramref name="To"/>.</param>
public sealed record AgencyDiff(string AgencyCode, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<StateChange> Changes, IReadOnlyList<AuditedEvent> Between);

public sealed class GetAgencyDiffValidator : AbstractValidator<GetAgencyDiff>
{
    public GetAgencyDiffValidator()
    {
        RuleFor(q => q.AgencyCode).MustBeAgencyCode();
        RuleFor(q => q.FromDate).MustBeRocDate();
        RuleFor(q => q.FromTime).MustBeTimeOfDay();
        RuleFor(q => q.ToDate).MustBeRocDate();
        RuleFor(q => q.ToTime).MustBeTimeOfDay();
        RuleFor(q => q)
            .Must(q => AuditInstant.TryParse(q.FromDate, q.FromTime) is not { } from || AuditInstant.TryParse(q.ToDate, q.ToTime) is not { } to || from < to)
            .WithMessage("結束時間必須晚於起始時間。").WithErrorCode("diff-order").OverridePropertyName(nameof(GetAgencyDiff.ToDate));
    }
}

public sealed class GetAgencyDiffHandler(AgencyHistory history) : IQueryHandler<GetAgencyDiff, Outcome<AgencyDiff>>
{
    public async ValueTask<Outcome<AgencyDiff>> Handle(GetAgencyDiff query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var agency = Domain.ReferenceData.AgencyCode.Of(query.AgencyCode!);
        var from = AuditInstant.TryParse(query.FromDate, query.FromTime)!.Value;
        var to = AuditInstant.TryParse(query.ToDate, query.ToTime)!.Value;
        var events = await history.ReadAsync(agency, cancellationToken);
        var before = AgencyHistory.StateAsOf(events, from);
        var after = AgencyHistory.StateAsOf(events, to);
        return new AgencyDiff(agency.Value, from, to, AgencyStateLines.Compare(before, after),
            events.Where(e => e.RecordedAt > from && e.RecordedAt <= to).ToList());
    }
}
