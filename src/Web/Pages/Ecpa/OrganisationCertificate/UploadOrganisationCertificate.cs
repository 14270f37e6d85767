using Web.Validation;
using System.ComponentModel.DataAnnotations;
using Domain.Common;
using Domain.Ecpa;
using Domain.ReferenceData;
using Domain.Registration;
using FluentValidation;
using Mediator;
using ReadModels.Ecpa;
using Web.Authentication;
using Web.CardSteps;
using Web.Messaging;
using ReadModels.ReferenceData;

namespace Web.Pages.Ecpa.OrganisationCertificate;

/// <summary>機關憑證上傳 step 3: bind the organisation card verified in step 1 to the agency code entered in step 2.</summary>
public sealed record UploadOrganisationCertificate(
    VerifiedCard Card,
    [property: Display(Name = "機關代碼")] string? AgencyCode,
    SignedInUser Uploader) : ICommand<Outcome<OrganisationCertificateUploaded>>;

/// <summary>The binding in place: the agency, and whether it was new, replaced another certificate, or was there already.</summary>
/// <param name="NotShownNotice">Set while card sign-in does not know the binding yet.</param>
public sealed record OrganisationCertificateUploaded(string AgencyCode, string AgencyName, bool Replaced, bool AlreadyBound, string? NotShownNotice);

/// <summary>查詢機關名稱: the directory's name for an agency code.</summary>
public sealed record LookUpAgencyName([property: Display(Name = "機關代碼")] string? AgencyCode) : IQuery<Outcome<AgencyDirectoryEntry>>;

public sealed class UploadOrganisationCertificateValidator : AbstractValidator<UploadOrganisationCertificate>
{
    public UploadOrganisationCertificateValidator() => RuleFor(c => c.AgencyCode).MustBeAgencyCode();
}

public sealed class LookUpAgencyNameValidator : AbstractValidator<LookUpAgencyName>
{
    public LookUpAgencyNameValidator() => RuleFor(c => c.AgencyCode).MustBeAgencyCode();
}

public sealed class LookUpAgencyNameHandler(AgencyDirectoryLookup directory) : IQueryHandler<LookUpAgencyName, Outcome<AgencyDirectoryEntry>>
{
    public async ValueTask<Outcome<AgencyDirectoryEntry>> Handle(LookUpAgencyName query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await directory.FindAsync(AgencyCode.Of(query.AgencyCode!), cancellationToken) is { } entry
            ? entry
            : OrganisationUploadRejections.AgencyNotInDirectory;
    }
}

public sealed class UploadOrganisationCertificateHandler(
    AgencyDirectoryLookup directory,
    PersonnelLookup personnel,
    OrganisationCertificateIndex certificates,
    CommandPipeline pipeline,
    PersonSessions sessions,
    TimeProvider time) : ICommandHandler<UploadOrganisationCertificate, Outcome<OrganisationCertificateUploaded>>
{
    public async ValueTask<Outcome<OrganisationCertificateUploaded>> Handle(UploadOrganisationCertificate command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var agency = AgencyCode.Of(command.AgencyCode!);
        var uploader = command.Uploader;
        // The rule is applied to the records as they are now, not to the role the session got at sign-in.
        var person = uploader.PersonKey is { } personKey
            ? await personnel.LookUpByIdHashAsync(personKey, sessions.Today, cancellationToken)
            : null;
        var key = CertificateKey.Of(command.Card.Facts);
        var bind = new BindOrganisationCertificate(
            Guid.CreateVersion7(), agency, uploader.Subject, time.GetUtcNow(), command.Card.Facts, command.Card.CardNumber,
            await directory.FindAsync(agency, cancellationToken),
            new Uploader(uploader.PersonKey ?? "", person?.Standing?.Name ?? uploader.DisplayName, person?.EffectiveReports.Cast<IPersonnelReport>().ToList() ?? []),
            (await certificates.FindActiveAsync(key.IssuerKeyId, key.SerialNumber, cancellationToken))?.AgencyCode);

        // Organisation-card sign-in asks the index next: the pipeline waits until it knows the card.
        var outcome = await pipeline.SendAsync(bind, [OrganisationCertificatesProjection.ProjectionName], cancellationToken);
        if (!outcome.TryGetValue(out var recorded))
            return Outcome<OrganisationCertificateUploaded>.FromRejections(outcome.Rejections);
        return recorded.Events.OfType<OrganisationCertificateBound>().SingleOrDefault() is { } bound
            ? new OrganisationCertificateUploaded(bound.AgencyCode, bound.AgencyName, bound.PreviousSerialNumber is not null, false, recorded.NotShownNotice)
            : new OrganisationCertificateUploaded(agency.Value, bind.DirectoryEntry!.Name, false, true, null);
    }
}
