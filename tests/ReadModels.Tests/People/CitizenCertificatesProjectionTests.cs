using ReadModels.People;
using ReadModels.Tests.TestSupport;
using static ReadModels.Tests.People.EcpaEvents;

namespace ReadModels.Tests.People;

public abstract class CitizenCertificatesProjectionTests(ReadModelStore readModels) : IAsyncDisposable
{
    /// <summary>The read models in the embedded SQLite file.</summary>
    public sealed class OnSqlite() : CitizenCertificatesProjectionTests(ReadModelStore.Sqlite);

    /// <summary>The read models on PostgreSQL, as in server mode.</summary>
    public sealed class OnPostgres() : CitizenCertificatesProjectionTests(ReadModelStore.Postgres);

    private readonly ReadSide _side = new(readModels);

    private CitizenCertificateIndex Index => new(_side.Database);

    [Fact]
    public async Task A_bound_certificate_names_its_person()
    {
        await AppendAsync(_side, "person-aaa", Bound("aaa", "1A01", Now));

        await _side.RunToHeadAsync(new CitizenCertificatesProjection(Registry));

        var binding = (await Index.FindActiveAsync("MOICA2KEY", "1A01")).ShouldNotBeNull();
        binding.PersonKey.ShouldBe("aaa");
        binding.MaskedNationalId.ShouldBe("A12****789");
        binding.BoundAt.ShouldBe(Now);
        (await Index.FindActiveAsync("MOICA2KEY", "1A02")).ShouldBeNull();
    }

    [Fact]
    public async Task A_replacement_ends_the_old_binding_and_starts_the_new_one()
    {
        await AppendAsync(_side, "person-aaa", Bound("aaa", "1A01", Now), Replaced("aaa", "1A01", "1A02", Now.AddDays(30)));

        await _side.RunToHeadAsync(new CitizenCertificatesProjection(Registry));

        (await Index.FindActiveAsync("MOICA2KEY", "1A01")).ShouldBeNull();
        (await Index.FindActiveAsync("MOICA2KEY", "1A02"))!.PersonKey.ShouldBe("aaa");
        var history = await Index.ForPersonAsync("aaa");
        history.Select(b => b.SerialNumber).ShouldBe(["1A02", "1A01"]);
        history[1].EndedAt.ShouldBe(Now.AddDays(30));
        history[0].EndedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Going_back_to_an_older_card_binds_it_again()
    {
        await AppendAsync(_side, "person-aaa", Bound("aaa", "1A01", Now), Replaced("aaa", "1A01", "1A02", Now.AddDays(1)), Replaced("aaa", "1A02", "1A01", Now.AddDays(2)));

        await _side.RunToHeadAsync(new CitizenCertificatesProjection(Registry));

        (await Index.FindActiveAsync("MOICA2KEY", "1A01"))!.BoundAt.ShouldBe(Now.AddDays(2));
        (await Index.FindActiveAsync("MOICA2KEY", "1A02")).ShouldBeNull();
    }

    public async ValueTask DisposeAsync() => await _side.DisposeAsync();
}
