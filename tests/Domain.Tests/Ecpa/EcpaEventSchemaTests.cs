using System.Text.Json;
using Domain.Accounts;
using Domain.Common;
using Domain.Ecpa;
using Domain.People;
using Domain.Tests.Support;
using static Domain.Tests.People.EcpaExamples;

namespace Domain.Tests.Ecpa;

/// <summary>The stored shapes of the sign-in and eCPA streams (accounts, people, agency certificates, application-system grants).</summary>
public class EcpaEventSchemaTests
{
    private static readonly IReadOnlyList<Type> AllTypes =
        [.. AccountEvent.Types, .. PersonEvent.Types, .. EcpaAgencyEvent.Types, .. ApplicationSystemGrantEvent.Types];

    private static object[] Examples =>
    [
        new PasswordAccountOpened("reviewer", "staff", ["reviewer"], "林審核", "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA", "system:demo-data", Now),
        new PasswordSignInSucceeded("reviewer", Now),
        new PasswordSignInFailed("reviewer", 2, Now),
        new PasswordAccountLockedOut("reviewer", 5, Now.AddMinutes(15), Now),
        new StaffCardHolderRecorded("reviewer", WangKey, WangId.Masked, "王小明", WangId.LastFour, "staff:admin", Now),
        new StaffCitizenCardBound("reviewer", "MOICA2KEY", "1A01", Now),
        new StaffCardBindingCleared("reviewer", "staff:admin", Now),
        new StaffAccountDisabled("reviewer", "staff:admin", Now),
        new StaffAccountEnabled("reviewer", "staff:admin", Now),
        new StaffRolesChanged("reviewer", ["reviewer", "auditor"], "staff:admin", Now),
        new PasswordReset("reviewer", "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA", "staff:admin", Now),
        new CitizenCertificateBound(WangKey, WangId.Masked, "王小明", CertificateInfos.Citizen(CitizenCard(), "TP03000000000001"), BindingPaths.FirstSignIn, "cert:K:1A01", Now),
        new CitizenCertificateReplaced(WangKey, WangId.Masked, "王小明", "MOICA2KEY", "1A01", CertificateInfos.Citizen(CitizenCard("1A02"), null), BindingPaths.UpdateCertificate, "cert:K:1A02", Now),
        new OrganisationCertificateBound("3230000", "行政院人事行政總處", CertificateInfos.Organisation(OrganisationCard(), "GC01"), null, null, WangKey, "王小明", "ecpa:wangxm", Now),
        new ApplicationSystemGrantIssued("3230000", "HRDATA", "人事資料報送系統", "SUBMIT", "報送資料權限", "2026-01", WangKey, WangId.Masked, "王小明", null, "GCAKEY", "0C01", "cert:GCAKEY:0C01", Now),
        new ApplicationSystemGrantRevoked("3230000", "HRDATA", "SUBMIT", WangKey, WangId.Masked, "王小明", "GCAKEY", "0C01", "cert:GCAKEY:0C01", Now),
    ];

    [Fact]
    public void Every_event_type_has_a_unique_stable_version_1_name()
    {
        var names = EventSchema.StoredNames(AllTypes);

        names.ShouldBeUnique();
        // v2: the sign-in events gained the client address (issue 14 point 5); v1 reads through an upcaster.
        names.ShouldAllBe(n => n.EndsWith(".v1") || n.StartsWith("PasswordSignIn") || n.StartsWith("PasswordAccountLockedOut"));
    }

    [Fact]
    public void Every_event_record_of_the_streams_is_listed_and_has_an_example()
    {
        var declared = typeof(PersonEvent).Assembly.GetTypes().Where(t => !t.IsAbstract &&
            (t.IsSubclassOf(typeof(AccountEvent)) || t.IsSubclassOf(typeof(PersonEvent)) || t.IsSubclassOf(typeof(EcpaAgencyEvent)) || t.IsSubclassOf(typeof(ApplicationSystemGrantEvent))));

        AllTypes.ShouldBe(declared, ignoreOrder: true);
        Examples.Select(e => e.GetType()).ShouldBe(AllTypes, ignoreOrder: true);
    }

    [Fact]
    public void Every_event_round_trips_through_System_Text_Json()
    {
        foreach (var @event in Examples)
            EventSchema.RoundTripsThroughSystemTextJson(@event);
    }

    [Fact]
    public void No_event_of_these_streams_carries_a_whole_national_id()
    {
        foreach (var @event in Examples)
            JsonSerializer.Serialize(@event, @event.GetType()).ShouldNotContain(WangId.Value);
    }

    /// <summary>A change here breaks stored events: it must come as a new version with an upcaster.</summary>
    [Fact]
    public void The_stored_shapes_of_version_1_do_not_change()
    {
        AllTypes.Select(EventSchema.Shape).ShouldBe([
            "PasswordAccountOpened.v1(Account:String, Kind:String, Roles:IReadOnlyList<String>, DisplayName:String, PasswordHash:String, OpenedBy:String, OpenedAt:DateTimeOffset)",
            "PasswordSignInSucceeded.v2(Account:String, SignedInAt:DateTimeOffset, From:String)",
            "PasswordSignInFailed.v2(Account:String, FailuresInARow:Int32, FailedAt:DateTimeOffset, From:String)",
            "PasswordAccountLockedOut.v2(Account:String, Failures:Int32, LockedUntil:DateTimeOffset, LockedAt:DateTimeOffset, From:String)",
            "StaffCardHolderRecorded.v1(Account:String, PersonKey:String, MaskedNationalId:String, Name:String, NationalIdLastFour:String, RecordedBy:String, RecordedAt:DateTimeOffset)",
            "StaffCitizenCardBound.v1(Account:String, IssuerKeyId:String, SerialNumber:String, BoundAt:DateTimeOffset)",
            "StaffCardBindingCleared.v1(Account:String, ClearedBy:String, ClearedAt:DateTimeOffset)",
            "StaffAccountDisabled.v1(Account:String, DisabledBy:String, DisabledAt:DateTimeOffset)",
            "StaffAccountEnabled.v1(Account:String, EnabledBy:String, EnabledAt:DateTimeOffset)",
            "StaffRolesChanged.v1(Account:String, Roles:IReadOnlyList<String>, ChangedBy:String, ChangedAt:DateTimeOffset)",
            "PasswordReset.v1(Account:String, PasswordHash:String, ResetBy:String, ResetAt:DateTimeOffset)",
            "CitizenCertificateBound.v1(PersonKey:String, MaskedNationalId:String, Name:String, Certificate:CitizenCertificateInfo, Path:String, BoundBy:String, BoundAt:DateTimeOffset)",
            "CitizenCertificateReplaced.v1(PersonKey:String, MaskedNationalId:String, Name:String, PreviousIssuerKeyId:String, PreviousSerialNumber:String, Certificate:CitizenCertificateInfo, Path:String, ReplacedBy:String, ReplacedAt:DateTimeOffset)",
            "OrganisationCertificateBound.v1(AgencyCode:String, AgencyName:String, Certificate:OrganisationCertificateInfo, PreviousIssuerKeyId:String, PreviousSerialNumber:String, UploaderPersonKey:String, UploaderName:String, BoundBy:String, BoundAt:DateTimeOffset)",
            "ApplicationSystemGrantIssued.v1(AgencyCode:String, SystemCode:String, SystemName:String, RightCode:String, RightName:String, CatalogueVersion:String, PersonKey:String, MaskedNationalId:String, PersonName:String, PersonAccount:String, OrganisationIssuerKeyId:String, OrganisationSerialNumber:String, IssuedBy:String, IssuedAt:DateTimeOffset)",
            "ApplicationSystemGrantRevoked.v1(AgencyCode:String, SystemCode:String, RightCode:String, PersonKey:String, MaskedNationalId:String, PersonName:String, OrganisationIssuerKeyId:String, OrganisationSerialNumber:String, RevokedBy:String, RevokedAt:DateTimeOffset)",
        ]);
    }
}
