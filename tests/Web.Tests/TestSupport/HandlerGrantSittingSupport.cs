using Domain.ReferenceData;
using Domain.Registration;
using ReadModels.Grants;
using ReadModels.ReferenceData;
using Web.Pages.Grants;

namespace Web.Tests.TestSupport;

/// <summary>A registered agency's 授權指派 sitting as the two card steps open it, and the function catalogue in force.</summary>
public static class HandlerGrantSittingSupport
{
    /// <summary>Registers <see cref="DemoDataHandlerApp.Agency"/> (once) and opens a sitting with its registered cards, verified just now.</summary>
    public static async Task<HandlerGrantSitting> SittingAsync(this DemoDataHandlerApp app)
    {
        await app.RegisterAsync();
        await app.CaughtUpAsync();
        var agency = (await app.Get<HandlerGrantAgencyQuery>().AgencyAsync(DemoDataHandlerApp.Agency)).ShouldNotBeNull();
        var now = app.Clock.GetUtcNow();
        return new HandlerGrantSitting(agency, new CardSession(
            new CertificateKey(agency.OrganisationIssuerKeyId, agency.OrganisationSerial), now, new CertificateKey(agency.ManagerIssuerKeyId, agency.ManagerSerial), now));
    }

    public static async Task<FunctionCatalogue> CatalogueAsync(this DemoDataHandlerApp app) =>
        (await app.Get<FunctionCatalogueLookup>().InForceAsync(app.Clock.GetUtcNow())).ShouldNotBeNull();

    /// <summary>The handler form as the manager fills it in: serial, name, ID and the leaves under the catalogue's first group.</summary>
    public static HandlerForm Form(FunctionCatalogue catalogue, string serial, string? nationalId = "B220612340", string name = "陳經辦") => new()
    {
        CertificateSerial = serial,
        Name = name,
        NationalId = nationalId,
        FunctionCodes = [.. catalogue.LeavesUnder(catalogue.Roots.First().Code)],
    };
}
