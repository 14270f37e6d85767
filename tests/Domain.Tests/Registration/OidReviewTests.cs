using Domain.Common;
using Domain.Registration;
using static Domain.Tests.Registration.RegistrationExamples;

namespace Domain.Tests.Registration;

public class OidReviewTests : RegistrationSpecification
{
    private static readonly DateTimeOffset TomorrowMidnightTaiwan = RocDate.StartOfTaiwanDay(Today.AddDays(1));

    private static RegisterAgency RegisterWithReviewedOid() =>
        Register() with { OrganisationCard = OrganisationCardWith(OrganisationFacts("0A11", OtherOid)) };

    [Fact]
    public void The_applicant_of_a_mismatching_certificate_opens_a_review_case() =>
        Given().When(RequestReview()).Then(new OidReviewRequested(
            "12345", 1, AgencyName, [AgencyOid], ReviewDesk, OrganisationInfo(OrganisationFacts("0A11", OtherOid)),
            "李大華", "(02)2345-6789", null, "applicant", Now));

    [Fact]
    public void An_extension_typed_after_a_hash_is_recorded_apart_from_the_number() =>
        Given().When(RequestReview() with { ApplicantPhone = " (02)2345-6789 #321 " }).Decision
            .Events.ShouldHaveSingleItem().ShouldBeOfType<OidReviewRequested>()
            .ShouldSatisfyAllConditions(e => e.ApplicantPhone.ShouldBe("(02)2345-6789"), e => e.ApplicantExtension.ShouldBe("321"));

    [Fact]
    public void Review_cases_are_numbered_within_the_agency() =>
        Given(ReviewRequested(), ReviewRejected()).When(RequestReview(OrganisationFacts("0A13", "2.16.886.101.20003.5"))).Decision
            .Events.ShouldHaveSingleItem().ShouldBeOfType<OidReviewRequested>().CaseNumber.ShouldBe(2);

    [Fact]
    public void A_certificate_whose_oid_matches_needs_no_review() =>
        Given().When(RequestReview(OrganisationCertificate)).ThenRejects("oid-review-not-needed");

    [Fact]
    public void Repeating_the_review_request_decides_nothing() =>
        Given(ReviewRequested()).When(RequestReview()).ThenNothing();

    [Fact]
    public void Another_certificate_while_a_review_is_pending_is_told_to_wait() =>
        Given(ReviewRequested()).When(RequestReview(OrganisationFacts("0A99", OtherOid))).ThenRejects("oid-review-pending");

    [Fact]
    public void Every_registration_attempt_while_a_review_is_pending_is_told_to_wait() =>
        Given(ReviewRequested()).When(Register()).ThenRejects("oid-review-pending", RegistrationFields.OrganisationCertificate);

    [Fact]
    public void A_certificate_registered_to_another_agency_cannot_be_sent_for_review() =>
        Given().When(RequestReview() with { OrganisationCard = OrganisationCardWith(OrganisationFacts("0A11", OtherOid), registeredTo: "54321") })
            .ThenRejects("certificate-registered-elsewhere");

    [Theory]
    [InlineData("", "(02)2345-6789", "applicant-name-required", RegistrationFields.ApplicantName)]
    [InlineData("李大華", " ", "applicant-phone-required", RegistrationFields.ApplicantPhone)]
    [InlineData("李大華", "請打給我", "applicant-phone-invalid", RegistrationFields.ApplicantPhone)]
    public void The_applicant_must_leave_a_name_and_a_phone(string name, string phone, string code, string field) =>
        Given().When(RequestReview() with { ApplicantName = name, ApplicantPhone = phone }).ThenRejects(code, field);

    [Fact]
    public void An_approval_takes_effect_at_the_start_of_the_next_business_day() =>
        Given(ReviewRequested()).When(Approve() with { NextBusinessDay = new DateOnly(2026, 11, 24) })
            .Then(new OidReviewApproved("12345", 1, OtherOid, new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero), "staff:reviewer1", Now));

    [Fact]
    public void Registering_before_the_approval_takes_effect_is_told_when_it_will() =>
        Given(ReviewRequested(), ReviewApproved(TomorrowMidnightTaiwan)).When(RegisterWithReviewedOid())
            .ThenRejects("oid-approval-not-yet-effective").Message.ShouldContain("115年11月24日");

    [Fact]
    public void Registering_once_the_approval_is_in_effect_succeeds_and_cites_the_case() =>
        Given(ReviewRequested(), ReviewApproved(Now.AddHours(-1))).When(RegisterWithReviewedOid())
            .Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<AgencyRegistered>().OidReviewCase.ShouldBe(1);

    [Fact]
    public void A_registration_whose_oid_the_directory_expects_cites_no_review() =>
        Given().When(Register()).Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<AgencyRegistered>().OidReviewCase.ShouldBeNull();

    [Fact]
    public void Repeating_an_approval_decides_nothing() =>
        Given(ReviewRequested(), ReviewApproved(TomorrowMidnightTaiwan)).When(Approve()).ThenNothing();

    [Fact]
    public void A_rejected_case_cannot_be_approved() =>
        Given(ReviewRequested(), ReviewRejected()).When(Approve()).ThenRejects("review-already-decided", RegistrationFields.CaseNumber);

    [Fact]
    public void An_unknown_case_cannot_be_approved() =>
        Given(ReviewRequested()).When(Approve(caseNumber: 2)).ThenRejects("review-not-found", RegistrationFields.CaseNumber);

    [Fact]
    public void An_approval_effective_today_or_earlier_is_a_bug_of_the_caller() =>
        Should.Throw<ArgumentException>(() => Given(ReviewRequested()).When(Approve() with { NextBusinessDay = Today }));

    [Fact]
    public void A_rejection_closes_the_case_with_its_reason() =>
        Given(ReviewRequested()).When(RejectReview(reason: " 憑證非本機關所有 "))
            .Then(new OidReviewRejected("12345", 1, OtherOid, "憑證非本機關所有", "staff:reviewer1", Now));

    [Fact]
    public void A_rejection_needs_a_reason() =>
        Given(ReviewRequested()).When(RejectReview(reason: "")).ThenRejects("reason-required", RegistrationFields.Reason);

    [Fact]
    public void Repeating_a_rejection_decides_nothing() =>
        Given(ReviewRequested(), ReviewRejected()).When(RejectReview()).ThenNothing();

    [Fact]
    public void An_approved_case_cannot_be_rejected() =>
        Given(ReviewRequested(), ReviewApproved(TomorrowMidnightTaiwan)).When(RejectReview()).ThenRejects("review-already-decided");

    [Fact]
    public void After_a_rejection_the_same_oid_is_refused_with_the_reason() =>
        Given(ReviewRequested(), ReviewRejected(reason: "憑證非本機關所有")).When(RegisterWithReviewedOid())
            .ThenRejects("oid-review-rejected", RegistrationFields.OrganisationCertificate).Message.ShouldContain("憑證非本機關所有");

    [Fact]
    public void After_a_rejection_the_same_oid_cannot_be_sent_for_review_again() =>
        Given(ReviewRequested(), ReviewRejected()).When(RequestReview(OrganisationFacts("0A77", OtherOid))).ThenRejects("oid-review-rejected");

    [Fact]
    public void After_a_rejection_a_certificate_with_the_expected_oid_registers() =>
        Given(ReviewRequested(), ReviewRejected()).When(Register()).Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<AgencyRegistered>();
}
