using System.ComponentModel.DataAnnotations;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Mediator;
using ReadModels.Grants;
using Web.Messaging;
using Web.Pages.Registration;

namespace Web.Pages.Grants;

/// <summary>What a grant command did: the grant's number, whether it appended anything (a repeat appends nothing), and whether the list shows it yet.</summary>
public sealed record HandlerGrantChanged(int GrantNumber, bool Appended, string? NotShownNotice);

/// <summary>新增授權經辦人: grant the handler on the form the ticked functions, in the sitting's agency.</summary>
public sealed record AddHandlerGrant(HandlerGrantSitting? Sitting, HandlerForm Handler, FunctionCatalogue? Catalogue, Guid CommandId) : ICommand<Outcome<HandlerGrantChanged>>;

/// <summary>修改授权經辦人: grant <see cref="GrantNumber"/> becomes what the form says (e.g. the serial of a renewed card).</summary>
/// <param name="ExpectedVersion">The agency's stream version the form was rendered from: a change made since is reported, not overwritten.</param>
/// <param name="Handler">The form; a blank national ID keeps the one the grant holds (the page never shows it).</param>
public sealed record EditHandlerGrant(
    HandlerGrantSitting? Sitting,
    [property: Display(Name = "序號")] int GrantNumber,
    long ExpectedVersion,
    HandlerForm Handler,
    FunctionCatalogue? Catalogue,
    Guid CommandId) : ICommand<Outcome<HandlerGrantChanged>>;

/// <summary>刪除授權經辦人, after the confirmation dialog.</summary>
public sealed record DeleteHandlerGrant(
    HandlerGrantSitting? Sitting,
    [property: Display(Name = "序號")] int GrantNumber,
    long ExpectedVersion,
    [property: Display(Name = "刪除原因")] string? Reason,
    Guid CommandId) : ICommand<Outcome<HandlerGrantChanged>>;

public sealed class AddHandlerGrantValidator : AbstractValidator<AddHandlerGrant>
{
    public AddHandlerGrantValidator() => HandlerFormRules.Apply(this, c => c.Handler, c => c.Catalogue);
}

public sealed class EditHandlerGrantValidator : AbstractValidator<EditHandlerGrant>
{
    public EditHandlerGrantValidator() => HandlerFormRules.Apply(this, c => c.Handler, c => c.Catalogue, keepsRecordedId: true);
}

/// <summary>Runs the grant commands on the agency's registration stream; the page lists the grants right after, so the pipeline waits for that list.</summary>
public sealed class HandlerGrantChanges(CommandPipeline pipeline, TimeProvider time) :
    ICommandHandler<AddHandlerGrant, Outcome<HandlerGrantChanged>>,
    ICommandHandler<EditHandlerGrant, Outcome<HandlerGrantChanged>>,
    ICommandHandler<DeleteHandlerGrant, Outcome<HandlerGrantChanged>>
{
    public async ValueTask<Outcome<HandlerGrantChanged>> Handle(AddHandlerGrant command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Sitting is not { } sitting)
            return HandlerGrantPageRejections.SittingMissing;
        if (command.Catalogue is not { } catalogue)
            return HandlerGrantPageRejections.NoCatalogue;
        return await SendAsync(new IssueHandlerGrant(
            command.CommandId, AgencyCode.Of(sitting.Agency.AgencyCode), sitting.Actor, time.GetUtcNow(), sitting.Session,
            command.Handler.ToDetails(catalogue), catalogue), null, cancellationToken);
    }

    public async ValueTask<Outcome<HandlerGrantChanged>> Handle(EditHandlerGrant command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Sitting is not { } sitting)
            return HandlerGrantPageRejections.SittingMissing;
        if (command.Catalogue is not { } catalogue)
            return HandlerGrantPageRejections.NoCatalogue;
        var agency = AgencyCode.Of(sitting.Agency.AgencyCode);
        var recordedId = string.IsNullOrWhiteSpace(command.Handler.NationalId)
            ? (await pipeline.LoadRegistrationAsync(agency, cancellationToken)).Grants.GetValueOrDefault(command.GrantNumber)?.NationalId
            : null;
        if (string.IsNullOrWhiteSpace(command.Handler.NationalId) && recordedId is null)
            return RegistrationRejections.HandlerGrantNotFound(command.GrantNumber);
        return await SendAsync(new ModifyHandlerGrant(
            command.CommandId, agency, sitting.Actor, time.GetUtcNow(), command.ExpectedVersion, sitting.Session,
            command.GrantNumber, command.Handler.ToDetails(catalogue, recordedId), catalogue), command.GrantNumber, cancellationToken);
    }

    public async ValueTask<Outcome<HandlerGrantChanged>> Handle(DeleteHandlerGrant command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Sitting is not { } sitting)
            return HandlerGrantPageRejections.SittingMissing;
        return await SendAsync(new RevokeHandlerGrant(
            command.CommandId, AgencyCode.Of(sitting.Agency.AgencyCode), sitting.Actor, time.GetUtcNow(), command.ExpectedVersion, sitting.Session,
            command.GrantNumber, command.Reason ?? ""), command.GrantNumber, cancellationToken);
    }

    private async Task<Outcome<HandlerGrantChanged>> SendAsync(RegistrationCommand command, int? grantNumber, CancellationToken cancellationToken)
    {
        var outcome = await pipeline.SendAsync(command, [HandlerGrantsProjection.ProjectionName], cancellationToken);
        if (!outcome.TryGetValue(out var recorded))
            return Outcome<HandlerGrantChanged>.FromRejections(outcome.Rejections);
        var number = recorded.Events.OfType<HandlerGrantIssued>().FirstOrDefault()?.GrantNumber ?? grantNumber ?? 0;
        return new HandlerGrantChanged(number, recorded.Changed, recorded.NotShownNotice);
    }
}
