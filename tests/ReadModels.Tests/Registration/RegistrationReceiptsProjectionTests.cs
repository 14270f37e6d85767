using Domain.Registration;
using ReadModels.Registration;
using ReadModels.Tests.TestSupport;
using static ReadModels.Tests.Registration.RegistrationStory;

namespace ReadModels.Tests.Registration;

public abstract class RegistrationReceiptsProjectionTests(ReadModelStore readModels) : IAsyncDisposable
{
    /// <summary>The read models in the embedded SQLite file.</summary>
    public sealed class OnSqlite() : RegistrationReceiptsProjectionTests(ReadModelStore.Sqlite);

    /// <summary>The read models on PostgreSQL, as in server mode.</summary>
    public sealed class OnPostgres() : RegistrationReceiptsProjectionTests(ReadModelStore.Postgres);

    private readonly ReadSide _readSide = new(readModels);

    public ValueTask DisposeAsync() => _readSide.DisposeAsync();

    [Fact]
    public async Task A_registration_and_the_three_swaps_are_receipts_1_to_4_with_the_agency_s_name_and_their_own_times()
    {
        var story = new RegistrationStory(_readSide);
        await story.AppendAsync("3230000",
            Registered("3230000", "人事行政總處", "11", "21", Start),
            OrganisationSwapped("3230000", "11", "12", Start.AddMinutes(16)),
            ManagerSwapped("3230000", "21", "22", "B220612340", Start.AddMinutes(31)),
            new OrganisationAndManagerCertificatesReplaced("3230000", "2025-01", "GCAKEY", "12", Organisation("13"), null, "MOICA2KEY", "22", Citizen("23"),
                ManagerIdValue, Contact(), "cert:z", Start.AddMinutes(58)));
        await story.ProjectAsync(new RegistrationReceiptsProjection(Registry));

        var receipts = await new RegistrationReceiptsQuery(_readSide.Database).ForAgencyAsync("3230000");

        receipts.Select(r => (r.Seq, r.Item)).ShouldBe(
        [
            (1, ReceiptItem.FirstRegistration), (2, ReceiptItem.OrganisationSwap), (3, ReceiptItem.ManagerSwap), (4, ReceiptItem.BothSwap),
        ]);
        receipts.ShouldAllBe(r => r.AgencyName == "人事行政總處" && r.AgencyCode == "3230000");
        receipts.Select(r => r.ReceivedAt).ShouldBe([Start, Start.AddMinutes(16), Start.AddMinutes(31), Start.AddMinutes(58)]);
    }

    [Fact]
    public async Task Review_steps_are_receipts_with_their_case_and_the_registration_names_the_case_it_relied_on()
    {
        var story = new RegistrationStory(_readSide);
        var effective = new DateTimeOffset(2026, 6, 2, 16, 0, 0, TimeSpan.Zero);
        await story.AppendAsync("12345",
            ReviewRequested("12345", "範例國民小學", 1, "2.16.886.101.20003.20012.99", Start),
            new OidReviewApproved("12345", 1, "2.16.886.101.20003.20012.99", effective, "staff:reviewer", Start.AddHours(2)),
            Registered("12345", "範例國民小學", "31", "41", Start.AddDays(1), reviewCase: 1));
        await story.ProjectAsync(new RegistrationReceiptsProjection(Registry));

        var receipts = await new RegistrationReceiptsQuery(_readSide.Database).ForAgencyAsync("12345");

        receipts.Select(r => (r.Seq, r.Item, r.CaseNumber)).ShouldBe(
            [(1, ReceiptItem.OidReviewRequested, (int?)1), (2, ReceiptItem.OidReviewApproved, 1), (3, ReceiptItem.FirstRegistration, 1)]);
        receipts[1].EffectiveFrom.ShouldBe(effective);
        receipts[1].AgencyName.ShouldBe("範例國民小學");
    }

    [Fact]
    public async Task Each_agency_numbers_its_own_receipts_and_grants_are_not_receipts()
    {
        var story = new RegistrationStory(_readSide);
        await story.AppendAsync("3230000", Registered("3230000", "人事行政總處", "11", "21", Start));
        await story.AppendAsync("3011400", Registered("3011400", "財政資訊中心", "12", "22", Start.AddMinutes(1)));
        await story.AppendAsync("3230000", new HandlerGrantIssued("3230000", 1, "AB", "陳美玲", "B220612340", ["0101"], "2022-11",
            new GrantAuthorisation("GCAKEY", "11", Start, "MOICA2KEY", "21", Start), "cert:x", Start.AddMinutes(5)));
        await story.ProjectAsync(new RegistrationReceiptsProjection(Registry));
        var query = new RegistrationReceiptsQuery(_readSide.Database);

        (await query.ForAgencyAsync("3230000")).ShouldHaveSingleItem().Seq.ShouldBe(1);
        (await query.ForAgencyAsync("3011400")).ShouldHaveSingleItem().AgencyName.ShouldBe("財政資訊中心");
        (await query.ForAgencyAsync("9999999")).ShouldBeEmpty();
    }
}
