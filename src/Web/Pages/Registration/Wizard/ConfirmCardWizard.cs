using System.ComponentModel.DataAnnotations;
using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Mediator;
using Web.Authentication;
using Web.CardSteps;
using Web.Validation;
using Web.Messaging;

namespace Web.Pages.Registration.Wizard;

/// <summary>The manager's contact details as the confirmation page asks them (姓名, 電子信箱, 連絡電話, 分機, 備註).</summary>
public sealed class ContactInput
{
    [Display(Name = "姓名")]
    public string? Name { get; set; }

    [Display(Name = "電子信箱")]
    public string? Email { get; set; }

    [Display(Name = "連絡電話")]
    public string? Phone { get; set; }

    [Display(Name = "分機")]
    public string? Extension { get; set; }

    [Display(Name = "備註")]
    public string? Note { get; set; }

    public ManagerContact ToContact() => new(Name ?? "", Email ?? "", Phone ?? "", Extension, Note);

    public static ContactInput From(ManagerContact contact) => new()
    {
        Name = contact.Name, Email = contact.Email, Phone = contact.Phone, Extension = contact.Extension, Note = contact.Note,
    };
}

/// <summary>
/// The confirmation of 首次註冊 or a swap: both cards verified in this browser's session, the manager's ID, the
/// terms accepted, the contact details; recorded as the flow's command on the agency's stream. A resend with the
/// same <see cref="CommandId"/> appends nothing; a page built from an older stream version writes nothing and is
/// told to reload.
/// </summary>
public sealed record ConfirmCardWizard(
    RegistrationFlow Flow,
    Guid CommandId,
    Guid WizardId,
    AgencyCode Agency,
    string? TermsVersion,
    VerifiedCard OrganisationCard,
    VerifiedCard ManagerCard,
    NationalId ManagerNationalId,
    long ExpectedVersion,
    ContactInput Contact) : ICommand<Outcome<Recorded<RegistrationEvent>>>;

public sealed class ConfirmCardWizardValidator : AbstractValidator<ConfirmCardWizard>
{
    // Every contact field is judged by the domain's ContactRules, each on its own, so the page shows all at once.
    private static readonly ManagerContact Valid = new("授權管理者", "manager@agency.gov.tw", "(02)2701-3411", null, null);

    public ConfirmCardWizardValidator()
    {
        RuleFor(c => c.Contact.Name).AddRejection(v => FieldRule(Valid with { Name = v ?? "" }, RegistrationFields.ContactName));
        RuleFor(c => c.Contact.Email).AddRejection(v => FieldRule(Valid with { Email = v ?? "" }, RegistrationFields.ContactEmail));
        RuleFor(c => c.Contact.Phone).AddRejection(v => FieldRule(Valid with { Phone = v ?? "" }, RegistrationFields.ContactPhone));
        RuleFor(c => c.Contact.Extension).AddRejection(v => FieldRule(Valid with { Extension = v }, RegistrationFields.ContactExtension));
        RuleFor(c => c.Contact.Note).AddRejection(v => FieldRule(Valid with { Note = v }, RegistrationFields.ContactNote));
    }

    /// <summary>The domain's verdict on a contact whose only questionable field is <paramref name="field"/>.</summary>
    private static Rejection? FieldRule(ManagerContact contact, string field) =>
        ContactRules.Validate(contact) is { } rejection && rejection.Field == field ? rejection : null;
}

public sealed class ConfirmCardWizardHandler(RegistrationFacts facts, CommandPipeline pipeline, BothSwapSettings bothSwap, TimeProvider time)
    : ICommandHandler<ConfirmCardWizard, Outcome<Recorded<RegistrationEvent>>>
{
    public async ValueTask<Outcome<Recorded<RegistrationEvent>>> Handle(ConfirmCardWizard command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = time.GetUtcNow();
        var terms = await facts.TermsAsync(command.TermsVersion, now, cancellationToken);
        if (terms is null)
            return RegistrationMessages.TermsNotImported;
        var organisation = await facts.OrganisationCardAsync(command.Agency, command.OrganisationCard, cancellationToken);
        var manager = await facts.ManagerCardAsync(command.Agency, command.ManagerCard, command.ManagerNationalId, now, cancellationToken);
        var actor = PersonSessions.CardSubject(CertificateKey.Of(command.ManagerCard.Facts));
        var contact = command.Contact.ToContact();
        RegistrationCommand domainCommand = command.Flow switch
        {
            RegistrationFlow.FirstRegistration => new RegisterAgency(command.CommandId, command.Agency, actor, now, terms, organisation, manager, contact),
            RegistrationFlow.ReplaceOrganisationCertificate => new ReplaceOrganisationCertificate(
                command.CommandId, command.Agency, actor, now, command.ExpectedVersion, terms, organisation, manager, contact),
            RegistrationFlow.ReplaceManagerCertificate => new ReplaceManagerCertificate(
                command.CommandId, command.Agency, actor, now, command.ExpectedVersion, terms, organisation, manager, contact),
            RegistrationFlow.ReplaceBothCertificates => new ReplaceOrganisationAndManagerCertificates(
                command.CommandId, command.Agency, actor, now, command.ExpectedVersion, terms, organisation, manager, contact, bothSwap.CoolingOff),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Flow, "not a registration wizard"),
        };
        var outcome = await pipeline.SendAsync(domainCommand, AgencyRegistrations.ReadModels, cancellationToken, command.WizardId);
        // First registration carries no stream version: the agency was unregistered when this page was built (its
        // card steps checked), so "already registered" now means someone registered it meanwhile.
        if (outcome.Rejections.Any(r => r.IsChangedMeanwhile
                || (command.Flow == RegistrationFlow.FirstRegistration && r.Code == RegistrationRejections.AlreadyRegistered.Code)))
            return RegistrationMessages.ChangedMeanwhile;
        return outcome;
    }
}
