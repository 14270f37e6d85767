using Domain.Common;
using Web.Messaging;

namespace Web.Tests.Messaging;

public class OutcomeTests
{
    [Fact]
    public void A_success_carries_its_value_and_no_rejections()
    {
        Outcome<int> outcome = 42;

        outcome.Succeeded.ShouldBeTrue();
        outcome.Value.ShouldBe(42);
        outcome.Rejections.ShouldBeEmpty();
    }

    [Fact]
    public void A_rejection_carries_code_message_and_field()
    {
        Outcome<int> outcome = new Rejection("AGENCY_UNKNOWN", "查無此機關代碼。", "AgencyCode");

        outcome.Succeeded.ShouldBeFalse();
        outcome.TryGetValue(out _).ShouldBeFalse();
        outcome.Rejections.ShouldHaveSingleItem().ShouldBe(new Rejection("AGENCY_UNKNOWN", "查無此機關代碼。", "AgencyCode"));
    }

    [Fact]
    public void Reading_the_value_of_a_rejected_outcome_is_a_bug()
    {
        var outcome = Outcome<int>.Rejected("X", "不行。");

        Should.Throw<InvalidOperationException>(() => outcome.Value).Message.ShouldContain("X");
    }

    [Fact]
    public void A_rejected_outcome_needs_at_least_one_rejection()
    {
        Should.Throw<ArgumentException>(() => Outcome<int>.FromRejections([]));
    }
}
