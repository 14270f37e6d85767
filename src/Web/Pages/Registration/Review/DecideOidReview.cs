using Web.Validation;
using System.ComponentModel.DataAnnotations;
using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Mediator;
using Web.Messaging;

namespace Web.Pages.Registration.Review;

/// <summary>A reviewer approves an open OID review case: the OID counts for the agency from the next business day.</summary>
public sealed record ApproveOidReviewCase(
    [property: Display(Name = "機關代號")] string? AgencyCode,
    [property: Display(Name = "案件編號")] int CaseNumber,
    string Actor) : ICommand<Outcome<ReviewDecided>>;

/// <summary>A reviewer rejects an open OID review case, giving the reason (the desk then contacts the applicant).</summary>
public sealed record RejectOidReviewCase(
    [property: Display(Name = "機關代號")] string? AgencyCode,
    [property: Display(Name = "案件編號")] int CaseNumber,
    [property: Display(Name = "駁回原因")] string? Reason,
    string Actor) : ICommand<Outcome<ReviewDecided>>;

/// <param name="EffectiveFrom">For an approval: 00:00 Taiwan time of the next business day.</param>
/// <param name="NotShownNotice">Set while the queue does not show the decision yet (<see cref="Recorded{TEvent}.NotShownNotice"/>).</param>
public sealed record ReviewDecided(string AgencyCode, int CaseNumber, OidReviewStatus Status, DateTimeOffset? EffectiveFrom, string? NotShownNotice);

public sealed class ApproveOidReviewCaseValidator : AbstractValidator<ApproveOidReviewCase>
{
    public ApproveOidReviewCaseValidator()
    {
        RuleFor(c => c.AgencyCode).MustBeAgencyCode();
        RuleFor(c => c.CaseNumber).GreaterThan(0).WithErrorCode("case-number-invalid").WithMessage("案件編號不正確，請重新整理頁面。");
    }
}

public sealed class RejectOidReviewCaseValidator : AbstractValidator<RejectOidReviewCase>
{
    public RejectOidReviewCaseValidator()
    {
        RuleFor(c => c.AgencyCode).MustBeAgencyCode();
        RuleFor(c => c.CaseNumber).GreaterThan(0).WithErrorCode("case-number-invalid").WithMessage("案件編號不正確，請重新整理頁面。");
        RuleFor(c => c.Reason).AddRejection(ContactRules.RefusalReason);
    }
}

public sealed class ApproveOidReviewCaseHandler(RegistrationFacts facts, CommandPipeline pipeline, TimeProvider time)
    : ICommandHandler<ApproveOidReviewCase, Outcome<ReviewDecided>>
{
    public async ValueTask<Outcome<ReviewDecided>> Handle(ApproveOidReviewCase command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = time.GetUtcNow();
        if (await facts.NextBusinessDayAsync(now, cancellationToken) is not { } nextBusinessDay)
            return RegistrationMessages.CalendarNotImported;
        var agency = AgencyCode.Of(command.AgencyCode!);
        var outcome = await pipeline.SendAsync(
            new ApproveOidReview(Guid.CreateVersion7(), agency, command.Actor, now, command.CaseNumber, nextBusinessDay), AgencyRegistrations.ReadModels, cancellationToken);
        return await ReviewDecisions.AsRecordedAsync(outcome, pipeline, agency, command.CaseNumber, cancellationToken);
    }
}

public sealed class RejectOidReviewCaseHandler(CommandPipeline pipeline, TimeProvider time)
    : ICommandHandler<RejectOidReviewCase, Outcome<ReviewDecided>>
{
    public async ValueTask<Outcome<ReviewDecided>> Handle(RejectOidReviewCase command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var agency = AgencyCode.Of(command.AgencyCode!);
        var outcome = await pipeline.SendAsync(
            new RejectOidReview(Guid.CreateVersion7(), agency, command.Actor, time.GetUtcNow(), command.CaseNumber, command.Reason ?? ""), AgencyRegistrations.ReadModels, cancellationToken);
        return await ReviewDecisions.AsRecordedAsync(outcome, pipeline, agency, command.CaseNumber, cancellationToken);
    }
}

/// <summary>What both review decisions answer.</summary>
internal static class ReviewDecisions
{
    /// <summary>The decision as the stream holds it (also after a repeat, which appends nothing).</summary>
    public static async Task<Outcome<ReviewDecided>> AsRecordedAsync(
        Outcome<Recorded<RegistrationEvent>> outcome, CommandPipeline pipeline, AgencyCode agency, int caseNumber, CancellationToken cancellationToken)
    {
        if (!outcome.TryGetValue(out var recorded))
            return Outcome<ReviewDecided>.FromRejections(outcome.Rejections);
        var decided = (await pipeline.LoadRegistrationAsync(agency, cancellationToken)).Reviews.Single(r => r.CaseNumber == caseNumber);
        return new ReviewDecided(agency.Value, caseNumber, decided.Status, decided.EffectiveFrom, recorded.NotShownNotice);
    }
}
