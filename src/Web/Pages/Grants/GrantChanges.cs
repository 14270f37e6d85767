using System.ComponentModel.DataAnnotations;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Mediator;
using ReadModels.Grants;
using Web.Grants;
using Web.Messaging;
using Web.Registration;

namespace Web.Pages.Grants;

/// <summary>What a grant command did: the grant's number, whether it appended anything (a repeat appends nothing), and whether the list shows it yet.</summary>
public sealed record GrantChanged(int GrantNumber, bool Appended, string? NotShownNotice);

/// <summary>新增授權經辦人: grant the handler on the form the ticked functions, in the sitting's agency.</summary>
public sealed record AddHandler(GrantSitting? Sitting, HandlerForm Handler, FunctionCatalogue? Catalogue, Guid CommandId) : ICommand<Outcome<GrantChanged>>;

/// <summary>修改授权經辦人: grant <see cref="GrantNumber"/> becomes what the form says (e.g. the serial of a renewed card).</summary>
/// <param name="ExpectedVersion">The agency's stream version the form was rendered from: a change made since is reported, not overwritten.</param>
/// <param name="Handler">The form; a blank national ID keeps the one the grant holds (the page never shows it).</param>
public sealed record ModifyHandler(
    GrantSitting? Sitting,
    [property: Display(Name = "序號")] int GrantNumber,
    long ExpectedVersion,
    HandlerForm Handler,
    FunctionCatalogue? Catalogue,
    Guid CommandId) : ICommand<Outcome<GrantChanged>>;

/// <summary>刪除授權經辦人, after the confirmation dialog.</summary>
public sealed record RevokeHandler(
    GrantSitting? Sitting,
    [property: Display(Name = "序號")] int GrantNumber,
    long ExpectedVersion,
    [property: Display(Name = "刪除原因")] string? Reason,
    Guid CommandId) : ICommand<Outcome<GrantChanged>>;

public sealed class AddHandlerValidator : AbstractValidator<AddHandler>
{
    public AddHandlerValidator() => HandlerFormRules.Apply(this, c => c.Handler);
}

public sealed class ModifyHandlerValidator : AbstractValidator<ModifyHandler>
{
    public ModifyHandlerValidator() => HandlerFormRules.Apply(this, c => c.Handler, keepsRecordedId: true);
}

/// <summary>Runs the grant commands on the agency's registration stream; the page lists the grants right after, so the pipeline waits for that list.</summary>
public sealed class GrantChangeHandlers(CommandPipeline pipeline, TimeProvider time) :
    ICommandHandler<AddHandler, Outcome<GrantChanged>>,
    ICommandHandler<ModifyHandler, Outcome<GrantChanged>>,
    ICommandHandler<RevokeHandler, Outcome<GrantChanged>>
{
    public async ValueTask<Outcome<GrantChanged>> Handle(AddHandler command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Sitting is not { } sitting)
            return GrantPageRejections.SittingMissing;
        if (command.Catalogue is not { } catalogue)
            return GrantPageRejections.NoCatalogue;
        return await SendAsync(new IssueGrant(
            command.CommandId, AgencyCode.Of(sitting.Agency.AgencyCode), sitting.Actor, time.GetUtcNow(), sitting.Session,
            command.Handler.ToDetails(catalogue), catalogue), null, cancellationToken);
    }

    public async ValueTask<Outcome<GrantChanged>> Handle(ModifyHandler command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Sitting is not { } sitting)
            return GrantPageRejections.SittingMissing;
        if (command.Catalogue is not { } catalogue)
            return GrantPageRejections.NoCatalogue;
        var agency = AgencyCode.Of(sitting.Agency.AgencyCode);
        var recordedId = string.IsNullOrWhiteSpace(command.Handler.NationalId)
            ? (await pipeline.LoadRegistrationAsync(agency, cancellationToken)).Grants.GetValueOrDefault(command.GrantNumber)?.NationalId
            : null;
        if (string.IsNullOrWhiteSpace(command.Handler.NationalId) && recordedId is null)
            return RegistrationRejections.GrantNotFound(command.GrantNumber);
        return await SendAsync(new ModifyGrant(
            command.CommandId, agency, sitting.Actor, time.GetUtcNow(), command.ExpectedVersion, sitting.Session,
            command.GrantNumber, command.Handler.ToDetails(catalogue, recordedId), catalogue), command.GrantNumber, cancellationToken);
    }

    public async ValueTask<Outcome<GrantChanged>> Handle(RevokeHandler command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Sitting is not { } sitting)
            return GrantPageRejections.SittingMissing;
        return await SendAsync(new RevokeGrant(
            command.CommandId, AgencyCode.Of(sitting.Agency.AgencyCode), sitting.Actor, time.GetUtcNow(), command.ExpectedVersion, sitting.Session,
            command.GrantNumber, command.Reason ?? ""), command.GrantNumber, cancellationToken);
    }

    private async Task<Outcome<GrantChanged>> SendAsync(RegistrationCommand command, int? grantNumber, CancellationToken cancellationToken)
    {
        var outcome = await pipeline.SendAsync(command, [IssuedGrantsProjection.ProjectionName], cancellationToken);
        if (!outcome.TryGetValue(out var recorded))
            return Outcome<GrantChanged>.FromRejections(outcome.Rejections);
        var number = recorded.Events.OfType<GrantIssued>().FirstOrDefault()?.GrantNumber ?? grantNumber ?? 0;
        return new GrantChanged(number, recorded.Changed, recorded.NotShownNotice);
    }
}
