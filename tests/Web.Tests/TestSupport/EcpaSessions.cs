using Domain.Registration;
using Domain.Common;
using ReadModels.ReferenceData;
using Web.Authentication;

namespace Web.Tests.TestSupport;

/// <summary>The eCPA sessions the handler tests act in: a person as password sign-in makes them, an agency as organisation-card sign-in makes it.</summary>
public static class EcpaSessions
{
    /// <summary>王小明 (A123456789): a personnel officer (人員區分 08) of <see cref="DemoDataHandlerApp.Agency"/> in the demo records.</summary>
    public const string OfficerId = DemoDataHandlerApp.ManagerId;

    /// <summary>陳美玲 (B220612340): ordinary staff of another agency in the demo records.</summary>
    public const string OtherAgencyStaffId = "B220612340";

    public static async Task<PersonnelLookupResult> PersonAsync(this DemoDataHandlerApp app, string nationalId)
    {
        var person = await app.Get<PersonnelLookup>().LookUpAsync(NationalId.Parse(nationalId).Id!.Value, app.Get<PersonSessions>().Today);
        person.Standing.ShouldNotBeNull($"{nationalId} is not in the demo personnel records");
        return person;
    }

    /// <summary>A password session of the person with <paramref name="nationalId"/>, roles from the records as sign-in gives them.</summary>
    public static async Task<SignedInUser> PersonSessionAsync(this DemoDataHandlerApp app, string nationalId)
    {
        var person = await app.PersonAsync(nationalId);
        return app.Get<PersonSessions>().ForPerson(person, $"ecpa:{person.Standing!.Account}", SignInMethods.Password, person.Standing.Account, null, []);
    }

    /// <summary>The session organisation-card sign-in gives <paramref name="agency"/>'s card <paramref name="leaf"/>.</summary>
    public static SignedInUser AgencySession(this DemoDataHandlerApp app, string agency = DemoDataHandlerApp.Agency, string leaf = "org-gca-rsa")
    {
        var key = CertificateKey.Of(app.Card(leaf).Facts);
        return new SignedInUser(PersonSessions.CardSubject(key), agency, SignInMethods.OrganisationCard, [Roles.AgencyUser], [agency], app.Clock.GetUtcNow(),
            Certificate: key.ToString());
    }
}
