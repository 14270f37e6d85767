using Domain.Certificates;
using Domain.ReferenceData;
using Domain.Registration;
using static Domain.Tests.Registration.RegistrationExamples;

namespace Domain.Tests.Registration;

public class FirstRegistrationTests : RegistrationSpecification
{
    [Fact]
    public void Registers_the_agency_with_both_certificates_the_terms_and_the_contact() =>
        Given().When(Register()).Then(new AgencyRegistered(
            "12345", AgencyName, Terms, OrganisationInfo(), null, CitizenInfo(), ManagerId.Value, Contact, ManagerActor, Now));

    [Fact]
    public void Certificate_serials_and_key_ids_are_recorded_in_canonical_hex()
    {
        var organisation = OrganisationFacts("00:0a:11", issuerKeyId: "gcakey01");
        var decision = Given().When(Register() with { OrganisationCard = OrganisationCardWith(organisation) }).Decision;

        var registered = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<AgencyRegistered>();
        registered.OrganisationCertificate.SerialNumber.ShouldBe("0A11");
        registered.OrganisationCertificate.IssuerKeyId.ShouldBe("GCAKEY01");
    }

    [Fact]
    public void Contact_is_recorded_trimmed_with_blank_optional_fields_left_out() =>
        Given().When(Register() with { Contact = new(" 王小明 ", " wang@example.gov.tw", "(02)2701-3411 ", "  ", " ") }).Then(new AgencyRegistered(
            "12345", AgencyName, Terms, OrganisationInfo(), null, CitizenInfo(), ManagerId.Value,
            new ManagerContact("王小明", "wang@example.gov.tw", "(02)2701-3411", null, null), ManagerActor, Now));

    [Fact]
    public void Events_record_the_time_in_UTC_whatever_offset_the_command_used() =>
        Given().When(Register() with { Now = Now.ToOffset(TimeSpan.FromHours(8)) }).Decision
            .Events.ShouldHaveSingleItem().ShouldBeOfType<AgencyRegistered>().RegisteredAt.Offset.ShouldBe(TimeSpan.Zero);

    [Fact]
    public void Repeating_the_same_registration_decides_nothing() =>
        Given(Registered()).When(Register()).ThenNothing();

    [Fact]
    public void A_registered_agency_cannot_register_again() =>
        Given(Registered()).When(Register() with { OrganisationCard = OrganisationCardWith(NewOrganisationCertificate) })
            .ThenRejects("already-registered", RegistrationFields.AgencyCode);

    [Fact]
    public void Terms_must_have_been_accepted() =>
        Given().When(Register() with { Terms = new TermsAcceptance(null, Terms) }).ThenRejects("terms-not-accepted", RegistrationFields.TermsVersion);

    [Fact]
    public void Accepted_terms_must_be_the_version_in_force() =>
        Given().When(Register() with { Terms = new TermsAcceptance("2016-01", Terms) }).ThenRejects("terms-outdated", RegistrationFields.TermsVersion);

    [Fact]
    public void A_citizen_card_in_the_organisation_step_is_the_wrong_kind() =>
        Given().When(Register() with { OrganisationCard = OrganisationCardWith(ManagerCertificate) })
            .ThenRejects("wrong-certificate-kind", RegistrationFields.OrganisationCertificate);

    [Fact]
    public void An_organisation_card_in_the_manager_step_is_the_wrong_kind() =>
        Given().When(Register() with { ManagerCard = ManagerCardWith(certificate: OrganisationCertificate) })
            .ThenRejects("wrong-certificate-kind", RegistrationFields.ManagerCertificate);

    [Fact]
    public void An_agency_missing_from_the_directory_cannot_register() =>
        Given().When(Register() with { OrganisationCard = OrganisationCardWith() with { DirectoryEntry = null } })
            .ThenRejects("agency-not-in-directory", RegistrationFields.AgencyCode);

    [Fact]
    public void An_organisation_certificate_registered_to_another_agency_is_refused() =>
        Given().When(Register() with { OrganisationCard = OrganisationCardWith(registeredTo: "54321") })
            .ThenRejects("certificate-registered-elsewhere", RegistrationFields.OrganisationCertificate);

    [Fact]
    public void An_oid_the_directory_does_not_expect_leads_to_review() =>
        Given().When(Register() with { OrganisationCard = OrganisationCardWith(OrganisationFacts("0A11", OtherOid)) })
            .ThenRejects("oid-mismatch", RegistrationFields.OrganisationCertificate);

    [Fact]
    public void Any_of_the_directory_oids_is_accepted()
    {
        var card = OrganisationCardWith(OrganisationFacts("0A11", OtherOid)) with { DirectoryEntry = DirectoryEntry(AgencyOid, OtherOid) };
        Given().When(Register() with { OrganisationCard = card }).Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<AgencyRegistered>();
    }

    [Fact]
    public void A_manager_card_whose_name_is_not_the_personnel_records_is_refused_even_when_the_last_four_digits_match() =>
        Given().When(Register() with { ManagerCard = ManagerCardWith() with { PersonnelRecord = Record(ManagerId) with { Name = "王小華" } } })
            .ThenRejects("manager-name-mismatch", RegistrationFields.ManagerCertificate);

    [Fact]
    public void A_manager_card_name_in_a_compatibility_form_still_matches_the_record() =>
        Given().When(Register() with { ManagerCard = ManagerCardWith() with { PersonnelRecord = Record(ManagerId) with { Name = "王 小明" } } })
            .Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<AgencyRegistered>();

    [Fact]
    public void The_typed_manager_id_must_match_the_card() =>
        Given().When(Register() with { ManagerCard = ManagerCardWith() with { NationalId = NewManagerId, PersonnelRecord = Record(NewManagerId) } })
            .ThenRejects("manager-id-mismatch", RegistrationFields.ManagerNationalId);

    [Fact]
    public void A_manager_missing_from_the_personnel_records_is_refused() =>
        Given().When(Register() with { ManagerCard = ManagerCardWith() with { PersonnelRecord = null } })
            .ThenRejects("manager-not-in-personnel-records", RegistrationFields.ManagerNationalId);

    [Fact]
    public void A_departed_manager_is_refused() =>
        Given().When(Register() with { ManagerCard = ManagerCardWith() with { PersonnelRecord = Record(ManagerId, EmploymentStatus.Departed) } })
            .ThenRejects("manager-departed", RegistrationFields.ManagerNationalId);

    [Fact]
    public void A_manager_whose_current_record_is_at_another_agency_is_refused() =>
        Given().When(Register() with { ManagerCard = ManagerCardWith() with { PersonnelRecord = Record(ManagerId, agency: AgencyCode.Of("15023")) } })
            .ThenRejects("manager-not-agency-staff", RegistrationFields.ManagerNationalId);

    [Fact]
    public void The_manager_card_step_refuses_staff_of_another_agency_before_the_confirmation_page() =>
        RegistrationCardChecks.CheckManagerCard(
                Given().State, RegistrationFlow.FirstRegistration, Agency, ManagerCardWith() with { PersonnelRecord = Record(ManagerId, agency: AgencyCode.Of("15023")) }, Now)
            .ShouldNotBeNull().Code.ShouldBe("manager-not-agency-staff");

    [Fact]
    public void A_personnel_record_reported_today_counts_only_from_tomorrow() =>
        Given().When(Register() with { ManagerCard = ManagerCardWith() with { PersonnelRecord = Record(ManagerId, reportedOn: Today) } })
            .ThenRejects("manager-record-not-yet-effective", RegistrationFields.ManagerNationalId);

    [Fact]
    public void A_personnel_record_reported_yesterday_counts_today() =>
        Given().When(Register() with { ManagerCard = ManagerCardWith() with { PersonnelRecord = Record(ManagerId, reportedOn: Today.AddDays(-1)) } })
            .Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<AgencyRegistered>();

    public static TheoryData<ManagerContact, string, string> BadContacts => new()
    {
        { Contact with { Name = " " }, "contact-name-required", RegistrationFields.ContactName },
        { Contact with { Name = new string('王', 51) }, "contact-name-too-long", RegistrationFields.ContactName },
        { Contact with { Email = "" }, "contact-email-required", RegistrationFields.ContactEmail },
        { Contact with { Email = "wang.example.gov.tw" }, "contact-email-invalid", RegistrationFields.ContactEmail },
        { Contact with { Phone = "" }, "contact-phone-required", RegistrationFields.ContactPhone },
        { Contact with { Phone = "02-abc" }, "contact-phone-invalid", RegistrationFields.ContactPhone },
        { Contact with { Extension = "12a" }, "contact-extension-invalid", RegistrationFields.ContactExtension },
        { Contact with { Note = new string('註', 201) }, "contact-note-too-long", RegistrationFields.ContactNote },
    };

    [Theory]
    [MemberData(nameof(BadContacts))]
    public void Each_contact_field_is_checked_at_its_field(ManagerContact contact, string code, string field) =>
        Given().When(Register() with { Contact = contact }).ThenRejects(code, field);

    [Fact]
    public void The_organisation_card_step_passes_a_good_card_before_the_manager_step() =>
        RegistrationCardChecks.CheckOrganisationCard(Given().State, RegistrationFlow.FirstRegistration, Agency, OrganisationCardWith(), Now).ShouldBeNull();

    [Fact]
    public void The_organisation_card_step_tells_a_registered_agency_to_use_the_swaps() =>
        RegistrationCardChecks.CheckOrganisationCard(Given(Registered()).State, RegistrationFlow.FirstRegistration, Agency, OrganisationCardWith(), Now)
            .ShouldNotBeNull().Code.ShouldBe("already-registered");

    [Fact]
    public void The_manager_card_step_checks_the_person_before_the_confirmation_page() =>
        RegistrationCardChecks.CheckManagerCard(Given().State, RegistrationFlow.FirstRegistration, Agency, ManagerCardWith() with { PersonnelRecord = null }, Now)
            .ShouldNotBeNull().Code.ShouldBe("manager-not-in-personnel-records");

    [Fact]
    public void A_directory_entry_of_another_agency_is_a_bug_of_the_caller()
    {
        var card = OrganisationCardWith() with { DirectoryEntry = DirectoryEntry() with { Code = AgencyCode.Of("3230000") } };
        Should.Throw<ArgumentException>(() => Given().When(Register() with { OrganisationCard = card }));
    }

    [Fact]
    public void The_stream_of_an_agency_is_named_after_its_code() =>
        AgencyRegistration.StreamName(Agency).ShouldBe("registration-12345");

    [Fact]
    public void A_certificate_of_unknown_kind_is_refused_in_the_organisation_step()
    {
        var unknown = OrganisationCertificate with { Kind = CertificateKind.Unknown, AgencyOid = null };
        Given().When(Register() with { OrganisationCard = OrganisationCardWith(unknown) }).ThenRejects("wrong-certificate-kind", RegistrationFields.OrganisationCertificate);
    }
}
