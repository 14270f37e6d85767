using System.ComponentModel.DataAnnotations;
using Domain.Registration;
using FluentValidation;
using Mediator;
using Web.Messaging;
using Web.Validation;

namespace Web.Pages.Audit.AsOf;

/// <summary>The agency's registration as it stood at an instant (ROC date, optional time), replayed from its stream.</summary>
public sealed record GetAgencyStateAsOf(
    [property: Display(Name = "機關代號")] string? AgencyCode,
    [property: Display(Name = "日期")] string? Date,
    [property: Display(Name = "時間")] string? Time) : IQuery<Outcome<AgencyStateAsOf>>;

/// <param name="Instant">The end of the second, minute or day asked about (UTC).</param>
/// <param name="Included">The events recorded up to the instant, folded into <paramref name="State"/>.</param>
/// <param name="Later">How many events the stream holds after the instant.</param>
public sealed record AgencyStateAsOf(string AgencyCode, DateTimeOffset Instant, AgencyRegistration State, IReadOnlyList<StateLine> Lines, IReadOnlyList<AuditedEvent> Included, int Later);

public sealed class GetAgencyStateAsOfValidator : AbstractValidator<GetAgencyStateAsOf>
{
    public GetAgencyStateAsOfValidator()
    {
        RuleFor(q => q.AgencyCode).MustBeAgencyCode();
        RuleFor(q => q.Date).MustBeRocDate();
        RuleFor(q => q.Time).MustBeTimeOfDay();
    }
}

public sealed class GetAgencyStateAsOfHandler(AgencyHistory history) : IQueryHandler<GetAgencyStateAsOf, Outcome<AgencyStateAsOf>>
{
    public async ValueTask<Outcome<AgencyStateAsOf>> Handle(GetAgencyStateAsOf query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var agency = Domain.ReferenceData.AgencyCode.Of(query.AgencyCode!);
        var instant = AuditInstant.TryParse(query.Date, query.Time)!.Value;
        var events = await history.ReadAsync(agency, cancellationToken);
        var state = AgencyHistory.StateAsOf(events, instant);
        var included = events.Take((int)state.Version).ToList();
        return new AgencyStateAsOf(agency.Value, instant, state, AgencyStateLines.Of(state), included, events.Count - included.Count);
    }
}
