using Domain.Certificates;
using EndToEnd.Tests.Account;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Web.Authentication;
using Web.CardSteps;
using Web.Pages.Ecpa.OrganisationCertificate;
using ReadModels.ReferenceData;

namespace EndToEnd.Tests.Ecpa;

/// <summary>
/// The eCPA service with 行政院人事行政總處's organisation card (org-gca-rsa) already uploaded by its personnel
/// officer, through the upload command the page runs (its browser path is <see cref="OrganisationCertificateUploadTests"/>'s),
/// so that card signs in as the agency.
/// </summary>
public class UploadedAgencyFixture : EcpaFixture
{
    public const string AgencyCode = "3230000";

    public const string OrganisationCard = "org-gca-rsa";

    protected override async Task SeedAsync()
    {
        await base.SeedAsync();
        await using var scope = Services.CreateAsyncScope();
        var personnel = scope.ServiceProvider.GetRequiredService<PersonnelLookup>();
        var sessions = scope.ServiceProvider.GetRequiredService<PersonSessions>();
        var officer = await personnel.LookUpByAccountAsync(OfficerAccount, sessions.Today);
        var uploader = sessions.ForPerson(officer, $"ecpa:{OfficerAccount}", SignInMethods.Password, OfficerAccount, null, []);
        var facts = CertificateParser.Parse(Pki.Leaf(OrganisationCard).CertificateDer()).Facts!;
        var card = new VerifiedCard(IndexModel.Step.Name, CertificateKind.Organisation, facts, null, Time!.GetUtcNow());

        var uploaded = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new UploadOrganisationCertificate(card, AgencyCode, uploader));

        uploaded.Rejections.ShouldBeEmpty();
    }
}
