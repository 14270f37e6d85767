using System.ComponentModel.DataAnnotations;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Mediator;
using Web.Authentication;
using Web.CardSteps;
using Web.Validation;
using Web.Messaging;

namespace Web.Pages.Registration.Wizard;

/// <summary>
/// 機關憑證註冊申請人確認: the organisation card's OID did not match the directory and the applicant leaves a name and
/// phone, opening an OID review case. Until it is decided, every registration attempt of the agency says so.
/// </summary>
public sealed record RequestOidReviewCase(
    Guid CommandId,
    Guid WizardId,
    AgencyCode Agency,
    VerifiedCard Card,
    [property: Display(Name = "姓名")] string? ApplicantName,
    [property: Display(Name = "電話")] string? ApplicantPhone) : ICommand<Outcome<ReviewCaseOpened>>;

public sealed class RequestOidReviewCaseValidator : AbstractValidator<RequestOidReviewCase>
{
    // The domain's own rules, field by field, so that both fields show their message at once.
    public RequestOidReviewCaseValidator()
    {
        RuleFor(c => c.ApplicantName).AddRejection(value =>
            ContactRules.Text(value, "applicant-name", "聯絡人姓名", ContactRules.NameMaxLength, RegistrationFields.ApplicantName));
        RuleFor(c => c.ApplicantPhone).AddRejection(value =>
            ContactRules.Phone(value, "applicant-phone", "聯絡電話", RegistrationFields.ApplicantPhone));
    }
}

public sealed class RequestOidReviewCaseHandler(RegistrationFacts facts, CommandPipeline pipeline, TimeProvider time)
    : ICommandHandler<RequestOidReviewCase, Outcome<ReviewCaseOpened>>
{
    public async ValueTask<Outcome<ReviewCaseOpened>> Handle(RequestOidReviewCase command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var card = await facts.OrganisationCardAsync(command.Agency, command.Card, cancellationToken);
        var outcome = await pipeline.SendAsync(
            new RequestOidReview(command.CommandId, command.Agency, PersonSessions.CardSubject(CertificateKey.Of(command.Card.Facts)), time.GetUtcNow(), card, command.ApplicantName ?? "", command.ApplicantPhone ?? ""),
            AgencyRegistrations.ReadModels,
            cancellationToken,
            command.WizardId);
        if (!outcome.TryGetValue(out var recorded))
            return Outcome<ReviewCaseOpened>.FromRejections(outcome.Rejections);
        if (recorded.Events.OfType<OidReviewRequested>().FirstOrDefault() is { } requested)
            return new ReviewCaseOpened(requested.CaseNumber, requested.ReviewDesk);
        // Already open for this very certificate (a resend, or another tab): the open case.
        var state = await pipeline.LoadRegistrationAsync(command.Agency, cancellationToken);
        return new ReviewCaseOpened(state.PendingReview?.CaseNumber ?? 0, card.DirectoryEntry?.ReviewDesk ?? "");
    }
}
