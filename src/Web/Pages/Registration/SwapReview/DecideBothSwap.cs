using System.ComponentModel.DataAnnotations;
using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Mediator;
using Web.Messaging;
using Web.Validation;

namespace Web.Pages.Registration.SwapReview;

/// <summary>A reviewer lets a pending both-cards swap take effect now, before its cooling-off period ends.</summary>
public sealed record ApproveBothSwap(
    [property: Display(Name = "機關代號")] string? AgencyCode,
    [property: Display(Name = "申請編號")] int RequestNumber,
    string Actor) : ICommand<Outcome<BothSwapDecided>>;

/// <summary>A reviewer refuses a pending both-cards swap, giving the reason.</summary>
public sealed record RefuseBothSwap(
    [property: Display(Name = "機關代號")] string? AgencyCode,
    [property: Display(Name = "申請編號")] int RequestNumber,
    [property: Display(Name = "駁回原因")] string? Reason,
    string Actor) : ICommand<Outcome<BothSwapDecided>>;

/// <param name="NotShownNotice">Set while the list does not show the decision yet (<see cref="Recorded{TEvent}.NotShownNotice"/>).</param>
public sealed record BothSwapDecided(string AgencyCode, int RequestNumber, SwapRequestStatus Status, string? NotShownNotice);

public sealed class ApproveBothSwapValidator : AbstractValidator<ApproveBothSwap>
{
    public ApproveBothSwapValidator()
    {
        RuleFor(c => c.AgencyCode).MustBeAgencyCode();
        RuleFor(c => c.RequestNumber).GreaterThan(0).WithErrorCode("request-number-invalid").WithMessage("申請編號不正確，請重新整理頁面。");
    }
}

public sealed class RefuseBothSwapValidator : AbstractValidator<RefuseBothSwap>
{
    public RefuseBothSwapValidator()
    {
        RuleFor(c => c.AgencyCode).MustBeAgencyCode();
        RuleFor(c => c.RequestNumber).GreaterThan(0).WithErrorCode("request-number-invalid").WithMessage("申請編號不正確，請重新整理頁面。");
        RuleFor(c => c.Reason).AddRejection(ContactRules.RefusalReason);
    }
}

public sealed class ApproveBothSwapHandler(CommandPipeline pipeline, TimeProvider time) : ICommandHandler<ApproveBothSwap, Outcome<BothSwapDecided>>
{
    public async ValueTask<Outcome<BothSwapDecided>> Handle(ApproveBothSwap command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var agency = AgencyCode.Of(command.AgencyCode!);
        var outcome = await pipeline.SendAsync(
            new ApproveBothCertificatesSwap(Guid.CreateVersion7(), agency, command.Actor, time.GetUtcNow(), command.RequestNumber), AgencyRegistrations.ReadModels, cancellationToken);
        return outcome.TryGetValue(out var recorded)
            ? new BothSwapDecided(agency.Value, command.RequestNumber, SwapRequestStatus.Applied, recorded.NotShownNotice)
            : Outcome<BothSwapDecided>.FromRejections(outcome.Rejections);
    }
}

public sealed class RefuseBothSwapHandler(CommandPipeline pipeline, TimeProvider time) : ICommandHandler<RefuseBothSwap, Outcome<BothSwapDecided>>
{
    public async ValueTask<Outcome<BothSwapDecided>> Handle(RefuseBothSwap command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var agency = AgencyCode.Of(command.AgencyCode!);
        var outcome = await pipeline.SendAsync(
            new RefuseBothCertificatesSwap(Guid.CreateVersion7(), agency, command.Actor, time.GetUtcNow(), command.RequestNumber, command.Reason ?? ""),
            AgencyRegistrations.ReadModels, cancellationToken);
        return outcome.TryGetValue(out var recorded)
            ? new BothSwapDecided(agency.Value, command.RequestNumber, SwapRequestStatus.Refused, recorded.NotShownNotice)
            : Outcome<BothSwapDecided>.FromRejections(outcome.Rejections);
    }
}
