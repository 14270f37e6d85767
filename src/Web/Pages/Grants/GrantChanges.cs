using System.ComponentModel.DataAnnotations;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Mediator;
using Web.Grants;
using Web.Messaging;

namespace Web.Pages.Grants;

/// <summary>新增授權經辦人: grant the handler on the form the ticked functions, in the sitting's agency.</summary>
public sealed record AddHandler(GrantSitting? Sitting, HandlerForm Handler, FunctionCatalogue? Catalogue, Guid CommandId) : ICommand<Outcome<GrantChanged>>;

/// <summary>修改授权經辦人: grant <see cref="GrantNumber"/> becomes what the form says (e.g. the serial of a renewed card).</summary>
/// <param name="ExpectedVersion">The agency's stream version the form was rendered from: a change made since is reported, not overwritten.</param>
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
    public ModifyHandlerValidator() => HandlerFormRules.Apply(this, c => c.Handler);
}

public sealed class GrantChangeHandlers(GrantCommands commands, TimeProvider time) :
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
        return await commands.SendAsync(new IssueGrant(
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
        return await commands.SendAsync(new ModifyGrant(
            command.CommandId, AgencyCode.Of(sitting.Agency.AgencyCode), sitting.Actor, time.GetUtcNow(), command.ExpectedVersion, sitting.Session,
            command.GrantNumber, command.Handler.ToDetails(catalogue), catalogue), command.GrantNumber, cancellationToken);
    }

    public async ValueTask<Outcome<GrantChanged>> Handle(RevokeHandler command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Sitting is not { } sitting)
            return GrantPageRejections.SittingMissing;
        return await commands.SendAsync(new RevokeGrant(
            command.CommandId, AgencyCode.Of(sitting.Agency.AgencyCode), sitting.Actor, time.GetUtcNow(), command.ExpectedVersion, sitting.Session,
            command.GrantNumber, command.Reason ?? ""), command.GrantNumber, cancellationToken);
    }
}
