using Domain.Common;
using Domain.Registration;
using static Domain.Tests.Registration.RegistrationExamples;

namespace Domain.Tests.Registration;

/// <summary>
/// Issue 14 point 6: 更換機關憑證和授權管理者自然人憑證 (both cards new) is requested, not applied; it takes effect once when
/// its cooling-off period ends, or earlier when a reviewer approves it, and not at all when a reviewer refuses it.
/// </summary>
public class BothCardsSwapCoolingOffTests : RegistrationSpecification
{
    private static readonly DateTimeOffset Due = Now + CoolingOff;

    private static OrganisationAndManagerCertificatesReplaced BothReplacedAt(DateTimeOffset at) => new(
        "12345", Terms, "GCAKEY01", "0A11", OrganisationInfo(NewOrganisationCertificate), null,
        "MOICA2", "B001", CitizenInfo(NewManagerCertificate, "TP03000000000002"), NewManagerId.Value, Contact, "cert:MOICA2:B002", at);

    [Fact]
    public void The_request_leaves_the_previous_cards_and_manager_registered_until_it_is_due()
    {
        var scenario = Given(Registered(), BothSwapRequested());

        var state = scenario.State;
        state.Registered!.OrganisationKey.ShouldBe(CertificateKey.Of(OrganisationCertificate));
        state.Registered.ManagerKey.ShouldBe(CertificateKey.Of(ManagerCertificate));
        state.Registered.ManagerNationalId.ShouldBe(ManagerId.Value);
        state.PendingSwap.ShouldNotBeNull().EffectiveAt.ShouldBe(Due);
        // The previous manager's card still authorises grants while the swap waits.
        scenario.When(Issue()).Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<HandlerGrantIssued>();
    }

    [Fact]
    public void The_request_names_who_is_told_the_previous_manager_and_the_contact_on_file()
    {
        var requested = Given(Registered()).When(ReplaceBoth() with { Contact = Contact with { Name = "林新任", Email = "lin@example.gov.tw" } })
            .Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<BothCertificatesSwapRequested>();

        requested.PreviousManagerNationalId.ShouldBe(ManagerId.Value);
        requested.PreviousContact.ShouldBe(Contact);
        requested.ManagerContact.Email.ShouldBe("lin@example.gov.tw");
        requested.EffectiveAt.ShouldBe(Due);
    }

    [Fact]
    public void Before_the_period_ends_the_swap_is_not_applied() =>
        Given(Registered(), BothSwapRequested()).When(ApplyDueSwap(Due.AddTicks(-1))).ThenRejects("swap-not-yet-due", RegistrationFields.RequestNumber);

    [Fact]
    public void When_the_period_has_ended_the_swap_takes_effect_exactly_once()
    {
        Given(Registered(), BothSwapRequested()).When(ApplyDueSwap(Due)).Then(BothReplacedAt(Due));

        // A second node (or a retry after a lost race) finds it applied and appends nothing.
        Given(Registered(), BothSwapRequested(), BothReplacedAt(Due)).When(ApplyDueSwap(Due.AddMinutes(1))).ThenNothing();
        var state = Given(Registered(), BothSwapRequested(), BothReplacedAt(Due)).State;
        state.Registered!.ManagerKey.ShouldBe(CertificateKey.Of(NewManagerCertificate));
        state.Registered.OrganisationKey.ShouldBe(CertificateKey.Of(NewOrganisationCertificate));
        state.PendingSwap.ShouldBeNull();
        state.SwapRequests.ShouldHaveSingleItem().Status.ShouldBe(SwapRequestStatus.Applied);
    }

    [Fact]
    public void A_reviewer_shortens_the_period_the_approval_and_the_swap_are_recorded_together()
    {
        Given(Registered(), BothSwapRequested()).When(ApproveSwap())
            .Then(new BothCertificatesSwapApproved("12345", 1, "staff:reviewer1", Now), BothReplacedAt(Now));

        var approved = Given(Registered(), BothSwapRequested(), new BothCertificatesSwapApproved("12345", 1, "staff:reviewer1", Now), BothReplacedAt(Now));
        approved.State.Registered!.ManagerNationalId.ShouldBe(NewManagerId.Value);
        approved.When(ApproveSwap()).ThenNothing();
        approved.When(ApplyDueSwap(Due)).ThenNothing();
        approved.When(RefuseSwap()).ThenRejects("swap-request-decided", RegistrationFields.RequestNumber);
    }

    [Fact]
    public void A_reviewer_refuses_and_the_registration_stays_as_it_was()
    {
        Given(Registered(), BothSwapRequested()).When(RefuseSwap())
            .Then(new BothCertificatesSwapRefused("12345", 1, "前任授權管理者表示未曾申請", "staff:reviewer1", Now));

        var refused = Given(Registered(), BothSwapRequested(), new BothCertificatesSwapRefused("12345", 1, "前任授權管理者表示未曾申請", "staff:reviewer1", Now));
        refused.State.Registered!.ManagerKey.ShouldBe(CertificateKey.Of(ManagerCertificate));
        refused.State.PendingSwap.ShouldBeNull();
        refused.When(ApplyDueSwap(Due)).ThenRejects("swap-request-decided");
        refused.When(ApproveSwap()).ThenRejects("swap-request-decided");
        refused.When(RefuseSwap()).ThenNothing();
        // Refused, the agency may ask again (the stream moved on by the refusal).
        refused.When(ReplaceBoth(expectedVersion: 3)).Decision.Events.ShouldHaveSingleItem()
            .ShouldBeOfType<BothCertificatesSwapRequested>().RequestNumber.ShouldBe(2);
    }

    [Fact]
    public void A_refusal_needs_its_reason() =>
        Given(Registered(), BothSwapRequested()).When(RefuseSwap(reason: "  ")).ThenRejects("reason-required", RegistrationFields.Reason);

    [Fact]
    public void A_decision_about_a_request_the_agency_never_made_is_refused() =>
        Given(Registered(), BothSwapRequested()).When(ApproveSwap(requestNumber: 2)).ThenRejects("swap-request-not-found", RegistrationFields.RequestNumber);

    [Fact]
    public void A_second_request_while_one_is_pending_is_refused_and_a_resend_of_the_same_appends_nothing()
    {
        var pending = Given(Registered(), BothSwapRequested());

        var refusal = pending.When(ReplaceBoth(expectedVersion: 2) with { ManagerCard = NewManagerCard() with { NationalId = NewManagerId }, Contact = Contact with { Note = "再申請" } })
            .ThenRejects("both-swap-pending");
        refusal.Message.ShouldContain(RocDate.FormatDateTime(Due));
        pending.When(ReplaceBoth()).ThenNothing();
    }

    [Fact]
    public void No_single_card_swap_can_overtake_a_pending_both_cards_swap()
    {
        var pending = Given(Registered(), BothSwapRequested());

        pending.When(ReplaceManager(expectedVersion: 2)).ThenRejects("both-swap-pending");
        pending.When(ReplaceOrganisation(expectedVersion: 2)).ThenRejects("both-swap-pending");
    }

    [Fact]
    public void The_single_card_swaps_still_take_effect_at_once() =>
        Given(Registered()).When(ReplaceManager()).Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<ManagerCertificateReplaced>();
}
