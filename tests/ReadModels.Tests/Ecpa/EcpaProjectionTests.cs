using ReadModels.Ecpa;
using ReadModels.Tests.TestSupport;
using static ReadModels.Tests.People.EcpaEvents;

namespace ReadModels.Tests.Ecpa;

public abstract class EcpaProjectionTests(ReadModelStore readModels) : IAsyncDisposable
{
    /// <summary>The read models in the embedded SQLite file.</summary>
    public sealed class OnSqlite() : EcpaProjectionTests(ReadModelStore.Sqlite);

    /// <summary>The read models on PostgreSQL, as in server mode.</summary>
    public sealed class OnPostgres() : EcpaProjectionTests(ReadModelStore.Postgres);

    private readonly ReadSide _side = new(readModels);

    [Fact]
    public async Task An_uploaded_organisation_certificate_names_its_agency_until_a_new_one_is_uploaded()
    {
        await AppendAsync(_side, "ecpa-agency-3230000", OrganisationBound("3230000", "0C01", Now), OrganisationBound("3230000", "0C02", Now.AddDays(1)));

        await _side.RunToHeadAsync(new OrganisationCertificatesProjection(Registry));

        var index = new OrganisationCertificateIndex(_side.Database);
        (await index.FindActiveAsync("GCAKEY", "0C01")).ShouldBeNull();
        var current = (await index.FindActiveAsync("GCAKEY", "0C02")).ShouldNotBeNull();
        current.AgencyCode.ShouldBe("3230000");
        current.AgencyOid.ShouldBe("2.16.886.101.20003.20012");
        current.UploaderName.ShouldBe("王小明");
        (await index.ForAgencyAsync("3230000"))!.SerialNumber.ShouldBe("0C02");
        (await index.ForAgencyAsync("3011400")).ShouldBeNull();
    }

    [Fact]
    public async Task Grants_are_listed_per_agency_filtered_and_revocations_hide_them()
    {
        await AppendAsync(_side, "ecpa-grants-3230000",
            Issued("3230000", "HRDATA", "SUBMIT", "p1", "王小明", Now),
            Issued("3230000", "HRDATA", "QUERY", "p1", "王小明", Now),
            Issued("3230000", "SALARY", "SUBMIT", "p2", "陳美玲", Now),
            Revoked("3230000", "HRDATA", "QUERY", "p1", Now.AddHours(1)));
        await AppendAsync(_side, "ecpa-grants-3011400", Issued("3011400", "HRDATA", "SUBMIT", "p3", "林志豪", Now));

        await _side.RunToHeadAsync(new ApplicationSystemGrantsProjection(Registry));

        var list = new ApplicationSystemGrantList(_side.Database);
        var (active, total) = await list.ListAsync(new ApplicationSystemGrantFilter("3230000"), 0, 50);
        total.ShouldBe(2);
        active.Select(g => $"{g.SystemCode}/{g.RightCode}/{g.Name}").ShouldBe(["HRDATA/SUBMIT/王小明", "SALARY/SUBMIT/陳美玲"]);
        (await list.ListAsync(new ApplicationSystemGrantFilter("3230000", SystemCode: "HRDATA", IncludeRevoked: true), 0, 50)).Rows
            .Select(g => (g.RightCode, g.IsRevoked)).ShouldBe([("QUERY", true), ("SUBMIT", false)]);
        (await list.ListAsync(new ApplicationSystemGrantFilter("3230000", PersonKey: "p2"), 0, 50)).Rows.Single().Account.ShouldBe("acc-p2");
        (await list.ListAsync(new ApplicationSystemGrantFilter("3230000"), 1, 1)).Rows.Single().Name.ShouldBe("陳美玲");
    }

    [Fact]
    public async Task A_right_granted_again_after_revocation_is_active_again()
    {
        await AppendAsync(_side, "ecpa-grants-3230000",
            Issued("3230000", "HRDATA", "SUBMIT", "p1", "王小明", Now),
            Revoked("3230000", "HRDATA", "SUBMIT", "p1", Now.AddHours(1)),
            Issued("3230000", "HRDATA", "SUBMIT", "p1", "王小明", Now.AddHours(2)));

        await _side.RunToHeadAsync(new ApplicationSystemGrantsProjection(Registry));

        var row = (await new ApplicationSystemGrantList(_side.Database).ListAsync(new ApplicationSystemGrantFilter("3230000"), 0, 10)).Rows.Single();
        row.IsRevoked.ShouldBeFalse();
        row.IssuedAt.ShouldBe(Now.AddHours(2));
    }

    public async ValueTask DisposeAsync() => await _side.DisposeAsync();
}
