using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using ReadModels.Registration;
using Web.Pages.Registration.Review;
using Web.Pages.Registration.Wizard;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Registration.Review;

/// <summary>The reviewers' decisions through the real pipeline: an OID review case opened by the wizard's handler, then approved or rejected.</summary>
public sealed class DecideOidReviewTests(DecideOidReviewTests.App app) : IClassFixture<DecideOidReviewTests.App>
{
    public sealed class App : DemoDataHandlerApp;

    [Fact]
    public async Task An_approval_counts_from_the_next_business_day_and_leaves_the_queue()
    {
        var reviewCase = await OpenCaseAsync("3230000");
        var before = await app.HeadAsync();

        var decided = (await app.SendAsync(new ApproveOidReviewCase("3230000", reviewCase.CaseNumber, "staff:reviewer"))).Value;

        decided.Status.ShouldBe(OidReviewStatus.Approved);
        var approved = (await app.EventsAfterAsync(before)).ShouldHaveSingleItem().Event.ShouldBeOfType<OidReviewApproved>();
        approved.EffectiveFrom.ShouldBe(decided.EffectiveFrom!.Value);
        RocDate.TaiwanDate(approved.EffectiveFrom).ShouldBeGreaterThan(RocDate.TaiwanDate(app.Clock.GetUtcNow()));
        decided.NotShownNotice.ShouldBeNull();
        var queue = app.Get<OidReviewQueueQuery>();
        (await queue.PendingAsync(null)).ShouldNotContain(c => c.AgencyCode == "3230000");
        (await queue.RecentlyDecidedAsync(10, null)).ShouldContain(c => c.AgencyCode == "3230000" && c.CaseNumber == reviewCase.CaseNumber);
    }

    [Fact]
    public async Task A_rejection_without_a_reason_is_refused_at_the_reason_and_writes_nothing()
    {
        var reviewCase = await OpenCaseAsync("3011400", "org-gca-rsa");
        var before = await app.HeadAsync();

        var refused = await app.SendAsync(new RejectOidReviewCase("3011400", reviewCase.CaseNumber, "  ", "staff:reviewer"));

        refused.Rejections.ShouldHaveSingleItem().Field.ShouldBe(nameof(RejectOidReviewCase.Reason));
        (await app.EventsAfterAsync(before)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_case_already_decided_cannot_be_decided_again()
    {
        var reviewCase = await OpenCaseAsync("15023", "org-gca-rsa");
        (await app.SendAsync(new RejectOidReviewCase("15023", reviewCase.CaseNumber, "OID 不屬於本機關", "staff:reviewer"))).Succeeded.ShouldBeTrue();
        var before = await app.HeadAsync();

        var again = await app.SendAsync(new ApproveOidReviewCase("15023", reviewCase.CaseNumber, "staff:reviewer"));

        again.Rejections.ShouldHaveSingleItem().Code.ShouldBe("review-already-decided");
        (await app.EventsAfterAsync(before)).ShouldBeEmpty();
    }

    /// <summary>An organisation card whose OID the directory does not expect for <paramref name="agency"/>: the wizard's handler opens a case.</summary>
    private async Task<ReviewCaseOpened> OpenCaseAsync(string agency, string card = "org-gca-ec") =>
        (await app.SendAsync(new RequestOidReviewCase(Guid.CreateVersion7(), Guid.CreateVersion7(), AgencyCode.Of(agency), app.Card(card), "林小華", "02-23456789"))).Value;
}
