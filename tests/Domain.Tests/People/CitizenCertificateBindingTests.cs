using Domain.Certificates;
using Domain.People;
using Domain.Tests.Support;
using static Domain.Tests.People.EcpaExamples;

namespace Domain.Tests.People;

public class CitizenCertificateBindingTests
{
    private static DeciderSpecification<PersonDecider, PersonCertificates, BindCitizenCertificate, PersonEvent>.Scenario Given(params PersonEvent[] history) =>
        DeciderSpecification<PersonDecider, PersonCertificates, BindCitizenCertificate, PersonEvent>.Given(history);

    private static CitizenCertificateBound Bound(string serial = "1A01") =>
        new(WangKey, WangId.Masked, "王小明", CertificateInfos.Citizen(CitizenCard(serial), "TP03000000000001"), BindingPaths.FirstSignIn, "cert:MOICA2KEY:1A01", Now);

    [Fact]
    public void The_first_binding_of_a_current_owner_binds_the_certificate() =>
        Given().When(Bind()).Then(Bound());

    [Fact]
    public void A_person_not_in_the_personnel_records_is_refused_first() =>
        Given().When(Bind(person: PersonOnRecord.NotFound, card: CitizenCard(kind: CertificateKind.Citizen, name: "別人")))
            .ThenRejects("not-in-personnel-records", PersonFields.AccountOrNationalId);

    [Fact]
    public void A_record_reported_today_is_not_yet_in_effect() =>
        Given().When(Bind(person: Wang(RecordStatus.NotYetEffective))).ThenRejects("record-not-yet-effective", PersonFields.AccountOrNationalId);

    [Fact]
    public void A_departed_person_is_refused_before_ownership_is_looked_at() =>
        Given().When(Bind(person: Wang(RecordStatus.Departed), card: CitizenCard(name: "別人", lastFour: "0000")))
            .ThenRejects("departed", PersonFields.AccountOrNationalId);

    [Fact]
    public void Other_last_four_digits_make_someone_else_the_owner() =>
        Given().When(Bind(card: CitizenCard(lastFour: "1234"))).ThenRejects("not-the-certificate-owner", PersonFields.AccountOrNationalId);

    [Fact]
    public void The_same_digits_with_another_name_are_not_the_owner() =>
        Given().When(Bind(card: CitizenCard(name: "王小華"))).ThenRejects("not-the-certificate-owner");

    [Theory]
    [InlineData("王 小明")]
    [InlineData("王小明　")]
    [InlineData("ＷＡＮＧ")]
    public void Names_are_compared_after_NFKC_without_blanks(string certificateName)
    {
        var recordName = certificateName == "ＷＡＮＧ" ? "WANG" : "王小明";
        CertificateOwnership.IsOwner(CitizenCard(name: certificateName), WangId.LastFour, recordName).ShouldBeTrue();
    }

    [Fact]
    public void Middle_dots_of_transliterated_names_do_not_matter() =>
        CertificateOwnership.IsOwner(CitizenCard(name: "瓦歷斯‧諾幹"), WangId.LastFour, "瓦歷斯・諾幹").ShouldBeTrue();

    [Fact]
    public void A_certificate_without_a_name_or_digits_has_no_owner()
    {
        CertificateOwnership.IsOwner(CitizenCard(name: ""), WangId.LastFour, "").ShouldBeFalse();
        CertificateOwnership.IsOwner(CitizenCard() with { NationalIdLastFour = null }, null, "王小明").ShouldBeFalse();
    }

    [Fact]
    public void A_certificate_bound_to_another_person_is_refused_after_the_personal_checks() =>
        Given().When(Bind(heldBy: OtherKey)).ThenRejects("certificate-bound-to-another-person", PersonFields.Certificate);

    [Fact]
    public void An_organisation_card_is_not_a_citizen_certificate() =>
        Given().When(Bind(card: CitizenCard(kind: CertificateKind.Organisation))).ThenRejects("not-a-citizen-certificate");

    [Fact]
    public void Binding_the_certificate_already_bound_decides_nothing() =>
        Given(Bound()).When(Bind(heldBy: WangKey)).ThenNothing();

    [Fact]
    public void A_renewed_card_replaces_the_certificate_and_names_the_previous_one() =>
        Given(Bound("1A01")).When(Bind(card: CitizenCard("1A02"), path: BindingPaths.UpdateCertificate))
            .Then(new CitizenCertificateReplaced(WangKey, WangId.Masked, "王小明", "MOICA2KEY", "1A01",
                CertificateInfos.Citizen(CitizenCard("1A02"), "TP03000000000001"), BindingPaths.UpdateCertificate, "cert:MOICA2KEY:1A01", Now));

    [Fact]
    public void After_a_replacement_the_new_certificate_is_the_one_bound()
    {
        var state = Given(Bound("1A01"), new CitizenCertificateReplaced(WangKey, WangId.Masked, "王小明", "MOICA2KEY", "1A01",
            CertificateInfos.Citizen(CitizenCard("1A02"), null), BindingPaths.UpdateCertificate, "x", Now)).State;

        state.Current!.SerialNumber.ShouldBe("1A02");
        state.Bindings.ShouldBe(2);
        PersonCertificates.StreamName(WangKey).ShouldBe($"person-{WangKey}");
    }
}
