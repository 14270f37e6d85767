using Domain.Registration;
using ReadModels.Registration;
using ReadModels.Tests.TestSupport;
using static ReadModels.Tests.Registration.RegistrationStory;

namespace ReadModels.Tests.Registration;

public abstract class RegisteredCertificatesProjectionTests(ReadModelStore readModels) : IAsyncDisposable
{
    /// <summary>The read models in the embedded SQLite file.</summary>
    public sealed class OnSqlite() : RegisteredCertificatesProjectionTests(ReadModelStore.Sqlite);

    /// <summary>The read models on PostgreSQL, as in server mode.</summary>
    public sealed class OnPostgres() : RegisteredCertificatesProjectionTests(ReadModelStore.Postgres);

    private readonly ReadSide _readSide = new(readModels);

    public ValueTask DisposeAsync() => _readSide.DisposeAsync();

    private RegisteredCertificatesQuery Query => new(_readSide.Database);

    [Fact]
    public async Task A_registered_organisation_certificate_belongs_to_its_agency_under_any_serial_spelling()
    {
        var story = new RegistrationStory(_readSide);
        await story.AppendAsync("3230000", Registered("3230000", "人事行政總處", "0A11", "21", Start));
        await story.ProjectAsync(new RegisteredCertificatesProjection(Registry));

        (await Query.OrganisationCertificateOwnerAsync(new CertificateKey("gcakey", "0a:11"))).ShouldBe("3230000");
        (await Query.OrganisationCertificateOwnerAsync(new CertificateKey("OTHERKEY", "0A11"))).ShouldBeNull();
        (await Query.OrganisationCertificateOwnerAsync(new CertificateKey("MOICA2KEY", "21"))).ShouldBeNull("a manager's certificate is not an organisation certificate");
    }

    [Fact]
    public async Task After_an_organisation_swap_the_old_certificate_belongs_to_nobody_and_the_new_one_to_the_agency()
    {
        var story = new RegistrationStory(_readSide);
        await story.AppendAsync("3230000",
            Registered("3230000", "人事行政總處", "11", "21", Start),
            OrganisationSwapped("3230000", "11", "12", Start.AddHours(1)));
        await story.ProjectAsync(new RegisteredCertificatesProjection(Registry));

        (await Query.OrganisationCertificateOwnerAsync(new CertificateKey("GCAKEY", "11"))).ShouldBeNull();
        (await Query.OrganisationCertificateOwnerAsync(new CertificateKey("GCAKEY", "12"))).ShouldBe("3230000");
        var agency = (await Query.AgencyAsync("3230000")).ShouldNotBeNull();
        agency.OrganisationCertificate.ShouldBe(new CertificateKey("GCAKEY", "12"));
        agency.ChangedAt.ShouldBe(Start.AddHours(1));
        agency.RegisteredAt.ShouldBe(Start);
    }

    [Fact]
    public async Task One_citizen_certificate_may_manage_several_agencies_until_a_manager_swap_replaces_it_in_one()
    {
        var story = new RegistrationStory(_readSide);
        await story.AppendAsync("3230000", Registered("3230000", "人事行政總處", "11", "21", Start));
        await story.AppendAsync("3011400", Registered("3011400", "財政資訊中心", "12", "21", Start));
        await story.ProjectAsync(new RegisteredCertificatesProjection(Registry));
        (await Query.AgenciesManagedByAsync(new CertificateKey("MOICA2KEY", "21"))).ShouldBe(["3011400", "3230000"]);

        await story.AppendAsync("3011400", ManagerSwapped("3011400", "21", "22", "B220612340", Start.AddDays(1)));
        await story.ProjectAsync(new RegisteredCertificatesProjection(Registry));

        (await Query.AgenciesManagedByAsync(new CertificateKey("MOICA2KEY", "21"))).ShouldBe(["3230000"]);
        (await Query.AgenciesManagedByAsync(new CertificateKey("MOICA2KEY", "22"))).ShouldBe(["3011400"]);
        var agency = (await Query.AgencyAsync("3011400")).ShouldNotBeNull();
        agency.ManagerCommonName.ShouldBe("陳美玲");
        agency.ManagerMaskedId.ShouldBe("B22****340");
    }

    [Fact]
    public async Task The_manager_s_national_ID_is_stored_only_masked()
    {
        var story = new RegistrationStory(_readSide);
        await story.AppendAsync("3230000", Registered("3230000", "人事行政總處", "11", "21", Start));
        await story.ProjectAsync(new RegisteredCertificatesProjection(Registry));

        var text = await _readSide.StoredTextAsync(new RegisteredCertificatesProjection(Registry));
        text.ShouldNotContain(ManagerIdValue);
        text.ShouldContain("A12****789");
    }
}
