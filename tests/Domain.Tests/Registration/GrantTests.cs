using Domain.Common;
using Domain.Registration;
using static Domain.Tests.Registration.RegistrationExamples;

namespace Domain.Tests.Registration;

public class GrantTests : RegistrationSpecification
{
    /// <summary>One sitting at the grant pages lasts 20 minutes (docs/grants.md): stated here, not read from the decider.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(20);

    [Fact]
    public void Issuing_a_grant_records_the_handler_the_functions_and_the_cards_that_authorised_it() =>
        Given(Registered()).When(Issue()).Then(new HandlerGrantIssued(
            "12345", 1, "C0FFEE01", "陳經辦", HandlerId.Value, ["0101", "0103"], "2022-11", AuthorisedWith(), ManagerActor, Now));

    [Fact]
    public void Functions_are_recorded_once_each_in_catalogue_order() =>
        Given(Registered()).When(Issue(Handler("C0FFEE01", "0201", " 0101", "0201"))).Decision
            .Events.ShouldHaveSingleItem().ShouldBeOfType<HandlerGrantIssued>().FunctionCodes.ShouldBe(["0101", "0201"]);

    [Fact]
    public void A_typed_serial_is_recorded_in_canonical_hex() =>
        Given(Registered()).When(Issue(Handler("c0 ff:ee-01"))).Decision
            .Events.ShouldHaveSingleItem().ShouldBeOfType<HandlerGrantIssued>().HandlerCertificateSerial.ShouldBe("C0FFEE01");

    [Fact]
    public void Grant_numbers_count_up_and_are_never_reused() =>
        Given(Registered(), Granted(1), Revoked(1)).When(Issue()).Decision
            .Events.ShouldHaveSingleItem().ShouldBeOfType<HandlerGrantIssued>().GrantNumber.ShouldBe(2);

    [Fact]
    public void Repeating_an_issue_decides_nothing() =>
        Given(Registered(), Granted()).When(Issue()).ThenNothing();

    [Fact]
    public void A_serial_is_granted_once_per_agency() =>
        Given(Registered(), Granted()).When(Issue(Handler("C0FFEE01", "0201"))).ThenRejects("serial-already-granted", RegistrationFields.HandlerCertificateSerial);

    [Fact]
    public void A_revoked_serial_can_be_granted_again() =>
        Given(Registered(), Granted(), Revoked()).When(Issue()).Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<HandlerGrantIssued>();

    [Fact]
    public void Grants_need_a_registered_agency() =>
        Given().When(Issue()).ThenRejects("not-registered");

    [Fact]
    public void A_review_case_alone_does_not_make_a_registration() =>
        Given(ReviewRequested(), ReviewApproved(Now.AddDays(-1))).When(Issue()).ThenRejects("not-registered");

    [Fact]
    public void An_organisation_card_verified_longer_ago_than_the_window_is_not_enough() =>
        Given(Registered()).When(Issue() with { Session = Session(organisationAt: Now - Window - TimeSpan.FromSeconds(1)) })
            .ThenRejects("card-session-expired").Message.ShouldContain("20 分鐘");

    [Fact]
    public void A_manager_card_verified_longer_ago_than_the_window_is_not_enough() =>
        Given(Registered()).When(Issue() with { Session = Session(managerAt: Now - Window - TimeSpan.FromSeconds(1)) }).ThenRejects("card-session-expired");

    [Fact]
    public void Cards_verified_exactly_at_the_edge_of_the_window_still_count() =>
        Given(Registered()).When(Issue() with { Session = Session(organisationAt: Now - Window, managerAt: Now - Window) })
            .Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<HandlerGrantIssued>();

    [Fact]
    public void A_verification_time_after_now_does_not_count() =>
        Given(Registered()).When(Issue() with { Session = Session(managerAt: Now.AddSeconds(1)) }).ThenRejects("card-session-expired");

    [Fact]
    public void A_session_with_another_organisation_card_cannot_grant() =>
        Given(Registered()).When(Issue() with { Session = Session(organisation: NewOrganisationCertificate) })
            .ThenRejects("not-the-registered-organisation-certificate", RegistrationFields.OrganisationCertificate);

    [Fact]
    public void A_session_with_another_citizen_card_cannot_grant() =>
        Given(Registered()).When(Issue() with { Session = Session(manager: NewManagerCertificate) })
            .ThenRejects("not-the-registered-manager", RegistrationFields.ManagerCertificate);

    [Fact]
    public void The_grant_pages_accept_only_the_registered_cards()
    {
        var state = Given(Registered()).State;

        RegistrationCardChecks.CheckOrganisationCard(state, RegistrationFlow.Grants, Agency, OrganisationCardWith(), Now).ShouldBeNull();
        RegistrationCardChecks.CheckManagerCard(state, RegistrationFlow.Grants, Agency, ManagerCardWith(), Now).ShouldBeNull();
        RegistrationCardChecks.CheckManagerCard(state, RegistrationFlow.Grants, Agency, NewManagerCard(), Now).ShouldNotBeNull().Code.ShouldBe("not-the-registered-manager");
    }

    [Fact]
    public void The_grant_pages_need_a_registered_agency() =>
        RegistrationCardChecks.CheckOrganisationCard(Given().State, RegistrationFlow.Grants, Agency, OrganisationCardWith(), Now)
            .ShouldNotBeNull().Code.ShouldBe("not-registered");

    [Theory]
    [InlineData(" ", "serial-required")]
    [InlineData("XYZ123", "serial-invalid")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789", "serial-invalid")]
    public void The_handler_serial_must_be_hexadecimal(string serial, string code) =>
        Given(Registered()).When(Issue(Handler(serial))).ThenRejects(code, RegistrationFields.HandlerCertificateSerial);

    [Fact]
    public void The_handler_needs_a_name() =>
        Given(Registered()).When(Issue(Handler() with { Name = "" })).ThenRejects("handler-name-required", RegistrationFields.HandlerName);

    [Fact]
    public void A_handler_id_must_match_the_card_that_was_read() =>
        Given(Registered()).When(Issue(Handler() with { CertificateLastFour = "0000" })).ThenRejects("handler-id-mismatch", RegistrationFields.HandlerNationalId);

    [Fact]
    public void A_handler_id_matching_the_card_that_was_read_is_accepted() =>
        Given(Registered()).When(Issue(Handler() with { CertificateLastFour = HandlerId.LastFour })).Decision.Events.ShouldHaveSingleItem();

    [Fact]
    public void At_least_one_function_is_needed() =>
        Given(Registered()).When(Issue(Handler() with { FunctionCodes = [] })).ThenRejects("functions-required", RegistrationFields.Functions);

    [Fact]
    public void Functions_must_exist_in_the_catalogue_in_force() =>
        Given(Registered()).When(Issue(Handler("C0FFEE01", "0101", "9999"))).ThenRejects("function-unknown", RegistrationFields.Functions).Message.ShouldContain("9999");

    [Fact]
    public void A_function_group_is_not_granted_as_such() =>
        Given(Registered()).When(Issue(Handler("C0FFEE01", "01"))).ThenRejects("function-not-grantable").Message.ShouldContain("保費申報作業");

    [Fact]
    public void A_renewed_handler_card_is_recorded_by_modifying_the_serial() =>
        Given(Registered(), Granted()).When(Modify(expectedVersion: 2, handler: Handler("C0FFEE02"))).Then(new HandlerGrantModified(
            "12345", 1, "C0FFEE02", "陳經辦", HandlerId.Value, ["0101", "0103"], "2022-11", AuthorisedWith(), ManagerActor, Now));

    [Fact]
    public void A_grant_read_from_the_card_records_the_issuer_of_the_handler_certificate() =>
        Given(Registered()).When(Issue(Handler("C0FFEE01") with { CertificateIssuerKeyId = "moica2key" })).Decision
            .Events.ShouldHaveSingleItem().ShouldBeOfType<HandlerGrantIssued>().HandlerIssuerKeyId.ShouldBe("MOICA2KEY");

    [Fact]
    public void A_typed_serial_records_no_issuer() =>
        Given(Registered()).When(Issue()).Decision
            .Events.ShouldHaveSingleItem().ShouldBeOfType<HandlerGrantIssued>().HandlerIssuerKeyId.ShouldBeNull();

    [Fact]
    public void A_typed_serial_that_stays_the_grants_keeps_the_issuer_the_grant_holds() =>
        Given(Registered(), Granted() with { HandlerIssuerKeyId = "MOICA2KEY" }).When(Modify(expectedVersion: 2, handler: Handler("C0FFEE01", "0201"))).Decision
            .Events.ShouldHaveSingleItem().ShouldBeOfType<HandlerGrantModified>().HandlerIssuerKeyId.ShouldBe("MOICA2KEY");

    [Fact]
    public void A_new_serial_typed_drops_the_issuer_of_the_old_card() =>
        Given(Registered(), Granted() with { HandlerIssuerKeyId = "MOICA2KEY" }).When(Modify(expectedVersion: 2, handler: Handler("C0FFEE02"))).Decision
            .Events.ShouldHaveSingleItem().ShouldBeOfType<HandlerGrantModified>().HandlerIssuerKeyId.ShouldBeNull();

    [Fact]
    public void Reading_the_card_of_a_grant_made_from_a_typed_serial_pins_its_issuer() =>
        Given(Registered(), Granted()).When(Modify(expectedVersion: 2, handler: Handler("C0FFEE01") with { CertificateIssuerKeyId = "MOICA3KEY" })).Decision
            .Events.ShouldHaveSingleItem().ShouldBeOfType<HandlerGrantModified>().HandlerIssuerKeyId.ShouldBe("MOICA3KEY");

    [Fact]
    public void Repeating_an_issue_read_from_the_card_decides_nothing() =>
        Given(Registered(), Granted() with { HandlerIssuerKeyId = "MOICA2KEY" }).When(Issue(Handler("C0FFEE01") with { CertificateIssuerKeyId = "MOICA2KEY" })).ThenNothing();

    [Fact]
    public void The_same_serial_read_from_a_card_of_another_issuer_is_not_the_grant_already_held() =>
        Given(Registered(), Granted() with { HandlerIssuerKeyId = "MOICA2KEY" }).When(Issue(Handler("C0FFEE01") with { CertificateIssuerKeyId = "MOICA3KEY" }))
            .ThenRejects("serial-already-granted", RegistrationFields.HandlerCertificateSerial);

    [Fact]
    public void Modifying_a_grant_to_what_it_already_says_decides_nothing_even_from_an_old_page() =>
        Given(Registered(), Granted(), Granted(2, "C0FFEE09")).When(Modify(expectedVersion: 2)).ThenNothing();

    [Fact]
    public void Modifying_from_a_page_older_than_the_stream_is_refused() =>
        Given(Registered(), Granted(), Granted(2, "C0FFEE09")).When(Modify(expectedVersion: 2, handler: Handler("C0FFEE02"))).ThenRejects(Rejection.ChangedMeanwhileCode);

    [Fact]
    public void Staleness_is_reported_before_the_fields_of_an_old_page() =>
        Given(Registered(), Granted(), Granted(2, "C0FFEE09")).When(Modify(expectedVersion: 2, handler: Handler("NOT HEX"))).ThenRejects(Rejection.ChangedMeanwhileCode);

    [Fact]
    public void Modifying_checks_the_fields_like_issuing() =>
        Given(Registered(), Granted()).When(Modify(expectedVersion: 2, handler: Handler("C0FFEE01", "04"))).ThenRejects("function-not-grantable");

    [Fact]
    public void Modifying_to_the_serial_of_another_active_grant_is_refused() =>
        Given(Registered(), Granted(), Granted(2, "C0FFEE09")).When(Modify(expectedVersion: 3, handler: Handler("C0FFEE09")))
            .ThenRejects("serial-already-granted");

    [Fact]
    public void An_unknown_grant_cannot_be_modified() =>
        Given(Registered()).When(Modify(expectedVersion: 1)).ThenRejects("grant-not-found", RegistrationFields.GrantNumber);

    [Fact]
    public void A_revoked_grant_cannot_be_modified() =>
        Given(Registered(), Granted(), Revoked()).When(Modify(expectedVersion: 3, handler: Handler("C0FFEE02"))).ThenRejects("grant-revoked");

    [Fact]
    public void Modifying_needs_both_cards_verified_recently() =>
        Given(Registered(), Granted()).When(Modify(expectedVersion: 2) with { Session = Session(organisationAt: Now.AddHours(-1)) }).ThenRejects("card-session-expired");

    [Fact]
    public void Revoking_a_grant_records_the_reason() =>
        Given(Registered(), Granted()).When(Revoke(expectedVersion: 2, reason: "不再辦理公保業務")).Then(new HandlerGrantRevoked(
            "12345", 1, "不再辦理公保業務", AuthorisedWith(), ManagerActor, Now));

    [Fact]
    public void Revoking_needs_a_reason() =>
        Given(Registered(), Granted()).When(Revoke(expectedVersion: 2, reason: "  ")).ThenRejects("reason-required", RegistrationFields.Reason);

    [Fact]
    public void Repeating_a_revocation_decides_nothing() =>
        Given(Registered(), Granted(), Revoked()).When(Revoke(expectedVersion: 2)).ThenNothing();

    [Fact]
    public void Revoking_from_a_page_older_than_the_stream_is_refused() =>
        Given(Registered(), Granted(), Granted(2, "C0FFEE09")).When(Revoke(expectedVersion: 2)).ThenRejects(Rejection.ChangedMeanwhileCode);

    [Fact]
    public void An_unknown_grant_cannot_be_revoked() =>
        Given(Registered()).When(Revoke(expectedVersion: 1, grantNumber: 7)).ThenRejects("grant-not-found");

    [Fact]
    public void Revoking_needs_both_cards_verified_recently() =>
        Given(Registered(), Granted()).When(Revoke(expectedVersion: 2) with { Session = Session(managerAt: Now.AddHours(-1)) }).ThenRejects("card-session-expired");

    [Fact]
    public void Only_active_grants_are_listed_as_active()
    {
        var state = Given(Registered(), Granted(1, "C0FFEE01"), Granted(2, "C0FFEE02"), Revoked(1)).State;

        state.ActiveGrants.Select(g => g.GrantNumber).ShouldBe([2]);
        state.Grants[1].IsRevoked.ShouldBeTrue();
    }
}
