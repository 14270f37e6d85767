using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using static Domain.Tests.Registration.RegistrationExamples;

namespace Domain.Tests.Registration;

public class CertificateSwapTests : RegistrationSpecification
{
    private static readonly ManagerContact NewContact = new("林新任", "lin@example.gov.tw", "(02)2701-3412", null, "新任授權管理者");

    [Fact]
    public void A_new_organisation_certificate_replaces_the_old_one() =>
        Given(Registered()).When(ReplaceOrganisation()).Then(new OrganisationCertificateReplaced(
            "12345", Terms, "GCAKEY01", "0A11", OrganisationInfo(NewOrganisationCertificate), null, Contact, ManagerActor, Now));

    [Fact]
    public void The_organisation_swap_needs_the_registered_managers_card() =>
        Given(Registered()).When(ReplaceOrganisation() with { ManagerCard = NewManagerCard() })
            .ThenRejects("not-the-registered-manager", RegistrationFields.ManagerCertificate);

    [Fact]
    public void The_organisation_swap_needs_the_registered_managers_id() =>
        Given(Registered()).When(ReplaceOrganisation() with { ManagerCard = ManagerCardWith() with { NationalId = NewManagerId } })
            .ThenRejects("manager-id-mismatch", RegistrationFields.ManagerNationalId);

    [Fact]
    public void The_organisation_swap_refuses_a_manager_who_has_since_departed() =>
        Given(Registered()).When(ReplaceOrganisation() with { ManagerCard = ManagerCardWith() with { PersonnelRecord = Record(ManagerId, EmploymentStatus.Departed) } })
            .ThenRejects("manager-departed");

    [Fact]
    public void The_manager_swap_refuses_a_new_manager_who_is_staff_of_another_agency() =>
        Given(Registered()).When(ReplaceManager() with { ManagerCard = NewManagerCard() with { PersonnelRecord = Record(NewManagerId, agency: AgencyCode.Of("15023")) } })
            .ThenRejects("manager-not-agency-staff", RegistrationFields.ManagerNationalId);

    [Fact]
    public void The_both_cards_swap_refuses_a_new_manager_who_is_staff_of_another_agency() =>
        Given(Registered()).When(ReplaceBoth() with { ManagerCard = NewManagerCard() with { PersonnelRecord = Record(NewManagerId, agency: AgencyCode.Of("15023")) } })
            .ThenRejects("manager-not-agency-staff", RegistrationFields.ManagerNationalId);

    [Fact]
    public void The_organisation_swap_refuses_a_registered_manager_who_has_moved_to_another_agency() =>
        Given(Registered()).When(ReplaceOrganisation() with { ManagerCard = ManagerCardWith() with { PersonnelRecord = Record(ManagerId, agency: AgencyCode.Of("15023")) } })
            .ThenRejects("manager-not-agency-staff", RegistrationFields.ManagerNationalId);

    [Fact]
    public void An_organisation_card_replaced_by_an_earlier_swap_is_refused_as_the_new_card() =>
        Given(Registered(), Swapped()).When(ReplaceOrganisation(expectedVersion: 2) with { OrganisationCard = OrganisationCardWith(OrganisationCertificate), Contact = NewContact })
            .ThenRejects("certificate-replaced-before", RegistrationFields.OrganisationCertificate);

    [Fact]
    public void An_organisation_card_replaced_by_an_earlier_both_cards_swap_is_refused_as_the_new_card() =>
        Given(Registered(), BothSwapped()).When(ReplaceBoth(expectedVersion: 2) with { OrganisationCard = OrganisationCardWith(OrganisationCertificate), ManagerCard = NewManagerCard() })
            .ThenRejects("certificate-replaced-before", RegistrationFields.OrganisationCertificate);

    [Fact]
    public void Swapping_to_the_organisation_certificate_already_registered_is_refused() =>
        Given(Registered()).When(ReplaceOrganisation() with { OrganisationCard = OrganisationCardWith(), Contact = NewContact })
            .ThenRejects("certificate-unchanged", RegistrationFields.OrganisationCertificate);

    [Fact]
    public void Repeating_an_organisation_swap_decides_nothing() =>
        Given(Registered(), Swapped()).When(ReplaceOrganisation()).ThenNothing();

    [Fact]
    public void A_new_organisation_certificate_registered_to_another_agency_is_refused() =>
        Given(Registered()).When(ReplaceOrganisation() with { OrganisationCard = OrganisationCardWith(NewOrganisationCertificate, registeredTo: "54321") })
            .ThenRejects("certificate-registered-elsewhere");

    [Fact]
    public void A_new_organisation_certificate_with_an_unexpected_oid_leads_to_review() =>
        Given(Registered()).When(ReplaceOrganisation() with { OrganisationCard = OrganisationCardWith(OrganisationFacts("0A12", OtherOid)) })
            .ThenRejects("oid-mismatch");

    [Fact]
    public void A_registered_agency_may_send_a_new_certificate_for_review() =>
        Given(Registered()).When(RequestReview(OrganisationFacts("0A12", OtherOid))).Decision
            .Events.ShouldHaveSingleItem().ShouldBeOfType<OidReviewRequested>().Certificate.SerialNumber.ShouldBe("0A12");

    [Fact]
    public void The_manager_swap_pages_accept_only_the_registered_organisation_card()
    {
        var state = Given(Registered()).State;

        RegistrationCardChecks.CheckOrganisationCard(state, RegistrationFlow.ReplaceManagerCertificate, Agency, OrganisationCardWith(), Now).ShouldBeNull();
        RegistrationCardChecks.CheckOrganisationCard(state, RegistrationFlow.ReplaceManagerCertificate, Agency, OrganisationCardWith(NewOrganisationCertificate), Now)
            .ShouldNotBeNull().Code.ShouldBe("not-the-registered-organisation-certificate");
    }

    [Fact]
    public void Swaps_wait_while_a_review_is_pending() =>
        Given(Registered(), ReviewRequested(serial: "0A12")).When(ReplaceOrganisation(expectedVersion: 2)).ThenRejects("oid-review-pending");

    [Fact]
    public void A_new_manager_may_be_another_person() =>
        Given(Registered()).When(ReplaceManager() with { Contact = NewContact }).Then(new ManagerCertificateReplaced(
            "12345", Terms, "MOICA2", "B001", CitizenInfo(NewManagerCertificate, "TP03000000000002"), NewManagerId.Value, NewContact, "cert:MOICA2:B002", Now));

    [Fact]
    public void The_manager_swap_needs_the_registered_organisation_card() =>
        Given(Registered()).When(ReplaceManager() with { OrganisationCard = OrganisationCardWith(NewOrganisationCertificate) })
            .ThenRejects("not-the-registered-organisation-certificate", RegistrationFields.OrganisationCertificate);

    [Fact]
    public void A_new_manager_must_be_current_staff() =>
        Given(Registered()).When(ReplaceManager() with { ManagerCard = NewManagerCard() with { PersonnelRecord = Record(NewManagerId, EmploymentStatus.Departed) } })
            .ThenRejects("manager-departed", RegistrationFields.ManagerNationalId);

    [Fact]
    public void Swapping_to_the_manager_certificate_already_registered_is_refused() =>
        Given(Registered()).When(ReplaceManager() with { ManagerCard = ManagerCardWith(), Contact = NewContact })
            .ThenRejects("certificate-unchanged", RegistrationFields.ManagerCertificate);

    [Fact]
    public void Both_certificates_at_once_are_requested_for_after_the_cooling_off_period() =>
        Given(Registered()).When(ReplaceBoth()).Then(BothSwapRequested());

    [Fact]
    public void Replacing_both_refuses_the_manager_certificate_already_registered() =>
        Given(Registered()).When(ReplaceBoth() with { ManagerCard = ManagerCardWith() })
            .ThenRejects("certificate-unchanged", RegistrationFields.ManagerCertificate);

    public static TheoryData<RegistrationCommand> Swaps => new() { ReplaceOrganisation(0), ReplaceManager(0), ReplaceBoth(0) };

    [Theory]
    [MemberData(nameof(Swaps))]
    public void Swaps_need_a_registered_agency(RegistrationCommand swap) =>
        Given().When(swap).ThenRejects("not-registered", RegistrationFields.AgencyCode);

    [Theory]
    [MemberData(nameof(Swaps))]
    public void A_swap_confirmed_on_a_page_older_than_the_stream_is_refused(RegistrationCommand swap) =>
        Given(Registered(), Granted()).When(swap).ThenRejects(Rejection.ChangedMeanwhileCode);

    [Fact]
    public void A_swap_needs_the_terms_in_force() =>
        Given(Registered()).When(ReplaceManager() with { Terms = new TermsAcceptance("2016-01", Terms) }).ThenRejects("terms-outdated");

    [Fact]
    public void A_swap_checks_the_contact_again() =>
        Given(Registered()).When(ReplaceBoth() with { Contact = Contact with { Email = "" } }).ThenRejects("contact-email-required", RegistrationFields.ContactEmail);

    [Fact]
    public void There_is_exactly_one_manager_after_a_manager_swap()
    {
        var state = Given(Registered(), ManagerSwapped()).State;

        state.Registered!.ManagerNationalId.ShouldBe(NewManagerId.Value);
        state.Registered.ManagerKey.ShouldBe(CertificateKey.Of(NewManagerCertificate));
    }

    [Fact]
    public void The_previous_managers_card_no_longer_authorises_anything_after_a_manager_swap() =>
        Given(Registered(), ManagerSwapped()).When(Issue()).ThenRejects("not-the-registered-manager");

    [Fact]
    public void Swap_keeps_existing_grants() =>
        Given(Registered(), Granted(), ManagerSwapped(), Swapped())
            .When(Revoke(expectedVersion: 4) with { Session = Session(NewOrganisationCertificate, NewManagerCertificate) })
            .Then(new HandlerGrantRevoked("12345", 1, "離職",
                new GrantAuthorisation("GCAKEY01", "0A12", Now.AddMinutes(-3), "MOICA2", "B002", Now.AddMinutes(-2)), ManagerActor, Now));

    [Fact]
    public void A_swap_to_a_certificate_approved_by_review_cites_the_case() =>
        Given(Registered(), ReviewRequested(serial: "0A12"), ReviewApproved(Now.AddHours(-1)))
            .When(ReplaceOrganisation(expectedVersion: 3) with { OrganisationCard = OrganisationCardWith(OrganisationFacts("0A12", OtherOid)) })
            .Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<OrganisationCertificateReplaced>().OidReviewCase.ShouldBe(1);

    private static OrganisationCertificateReplaced Swapped() =>
        new("12345", Terms, "GCAKEY01", "0A11", OrganisationInfo(NewOrganisationCertificate), null, Contact, ManagerActor, Now.AddHours(-2));

    private static OrganisationAndManagerCertificatesReplaced BothSwapped() => new(
        "12345", Terms, "GCAKEY01", "0A11", OrganisationInfo(NewOrganisationCertificate), null,
        "MOICA2", "B001", CitizenInfo(NewManagerCertificate, "TP03000000000002"), NewManagerId.Value, Contact, "cert:MOICA2:B002", Now.AddHours(-2));

    private static ManagerCertificateReplaced ManagerSwapped() =>
        new("12345", Terms, "MOICA2", "B001", CitizenInfo(NewManagerCertificate), NewManagerId.Value, NewContact, "cert:MOICA2:B002", Now.AddHours(-3));
}
