using Domain.Registration;
using ReadModels.Registration;
using ReadModels.Tests.TestSupport;
using static ReadModels.Tests.Registration.RegistrationStory;

namespace ReadModels.Tests.Registration;

public abstract class OidReviewQueueProjectionTests(ReadModelStore readModels) : IAsyncDisposable
{
    /// <summary>The read models in the embedded SQLite file.</summary>
    public sealed class OnSqlite() : OidReviewQueueProjectionTests(ReadModelStore.Sqlite);

    /// <summary>The read models on PostgreSQL, as in server mode.</summary>
    public sealed class OnPostgres() : OidReviewQueueProjectionTests(ReadModelStore.Postgres);

    private readonly ReadSide _readSide = new(readModels);

    public ValueTask DisposeAsync() => _readSide.DisposeAsync();

    private OidReviewQueueQuery Query => new(_readSide.Database);

    [Fact]
    public async Task A_request_waits_in_the_queue_with_the_certificate_the_expected_OIDs_and_the_applicant_to_call_back()
    {
        var story = new RegistrationStory(_readSide);
        await story.AppendAsync("12345", ReviewRequested("12345", "範例國民小學", 1, "2.16.886.101.20003.20012.99", Start));
        await story.ProjectAsync(new OidReviewQueueProjection(Registry));

        var pending = (await Query.PendingAsync()).ShouldHaveSingleItem();
        pending.AgencyCode.ShouldBe("12345");
        pending.CaseNumber.ShouldBe(1);
        pending.CertificateOid.ShouldBe("2.16.886.101.20003.20012.99");
        pending.ExpectedOids.ShouldBe(["2.16.886.101.20003.20012"]);
        (pending.ApplicantName, pending.ApplicantPhone, pending.ApplicantExtension).ShouldBe(("李申請", "(02)2345-6789", "501"));
        pending.Status.ShouldBe(OidReviewStatus.Pending);
        pending.RequestedAt.ShouldBe(Start);
        (await Query.RecentlyDecidedAsync(10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Decided_cases_leave_the_queue_with_their_decision_newest_first()
    {
        var story = new RegistrationStory(_readSide);
        var effective = new DateTimeOffset(2026, 6, 2, 16, 0, 0, TimeSpan.Zero);
        await story.AppendAsync("12345", ReviewRequested("12345", "範例國民小學", 1, "2.16.886.101.20003.20012.99", Start));
        await story.AppendAsync("54321", ReviewRequested("54321", "範例國民中學", 1, "2.16.886.101.20003.20012.98", Start.AddMinutes(1)));
        await story.AppendAsync("12345", new OidReviewApproved("12345", 1, "2.16.886.101.20003.20012.99", effective, "staff:reviewer", Start.AddHours(1)));
        await story.AppendAsync("54321", new OidReviewRejected("54321", 1, "2.16.886.101.20003.20012.98", "憑證不屬於該機關", "staff:reviewer", Start.AddHours(2)));
        await story.ProjectAsync(new OidReviewQueueProjection(Registry));

        (await Query.PendingAsync()).ShouldBeEmpty();
        var decided = await Query.RecentlyDecidedAsync(10);
        decided.Select(c => (c.AgencyCode, c.Status)).ShouldBe([("54321", OidReviewStatus.Rejected), ("12345", OidReviewStatus.Approved)]);
        decided[0].Reason.ShouldBe("憑證不屬於該機關");
        decided[1].EffectiveFrom.ShouldBe(effective);
        decided[1].DecidedBy.ShouldBe("staff:reviewer");
    }

    [Fact]
    public async Task The_queue_can_be_read_per_review_desk()
    {
        var story = new RegistrationStory(_readSide);
        await story.AppendAsync("12345", ReviewRequested("12345", "北部國小", 1, "2.16.886.101.20003.20012.99", Start, desk: "承保第一科"));
        await story.AppendAsync("54321", ReviewRequested("54321", "南部國小", 1, "2.16.886.101.20003.20012.98", Start, desk: "承保第二科"));
        await story.ProjectAsync(new OidReviewQueueProjection(Registry));

        (await Query.PendingAsync("承保第二科")).ShouldHaveSingleItem().AgencyName.ShouldBe("南部國小");
        (await Query.PendingAsync()).Count.ShouldBe(2);
        (await Query.DesksAsync()).ShouldBe(["承保第一科", "承保第二科"]);
    }
}
