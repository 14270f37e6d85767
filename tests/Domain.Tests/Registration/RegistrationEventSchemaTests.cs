using Domain.Common;
using Domain.Registration;
using Domain.Tests.Support;
using static Domain.Tests.Registration.RegistrationExamples;

namespace Domain.Tests.Registration;

public class RegistrationEventSchemaTests
{
    public static TheoryData<RegistrationEvent> OneOfEach => new(Examples);

    private static RegistrationEvent[] Examples =>
    [
        Registered(),
        ReviewRequested(),
        ReviewApproved(Now),
        ReviewRejected(),
        new OrganisationCertificateReplaced("12345", Terms, "GCAKEY01", "0A11", OrganisationInfo(NewOrganisationCertificate), 3, Contact, ManagerActor, Now),
        new ManagerCertificateReplaced("12345", Terms, "MOICA2", "B001", CitizenInfo(NewManagerCertificate), NewManagerId.Value, Contact, ManagerActor, Now),
        new OrganisationAndManagerCertificatesReplaced("12345", Terms, "GCAKEY01", "0A11", OrganisationInfo(NewOrganisationCertificate), null,
            "MOICA2", "B001", CitizenInfo(NewManagerCertificate), NewManagerId.Value, Contact with { Note = "備註" }, ManagerActor, Now),
        BothSwapRequested(),
        new BothCertificatesSwapApproved("12345", 1, "staff:reviewer1", Now),
        new BothCertificatesSwapRefused("12345", 1, "前任授權管理者未曾申請", "staff:reviewer1", Now),
        Granted(),
        new HandlerGrantModified("12345", 1, "C0FFEE02", "陳經辦", HandlerId.Value, ["0201"], "2022-11", AuthorisedWith(), ManagerActor, Now),
        Revoked(),
    ];

    [Fact]
    public void Every_event_type_has_a_unique_stable_name()
    {
        var names = EventSchema.StoredNames(RegistrationEvent.Types);

        names.ShouldBeUnique();
        names.ShouldAllBe(n => n.EndsWith(".v1") || n == "OidReviewRequested.v2" || n == "GrantIssued.v2" || n == "GrantModified.v2");
    }

    [Fact]
    public void Every_event_record_of_the_stream_is_listed() =>
        RegistrationEvent.Types.ShouldBe(EventSchema.DeclaredRecordsOf<RegistrationEvent>(), ignoreOrder: true);

    [Fact]
    public void The_examples_cover_every_event_type() =>
        Examples.Select(e => e.GetType()).ShouldBe(RegistrationEvent.Types, ignoreOrder: true);

    [Theory]
    [MemberData(nameof(OneOfEach))]
    public void Every_event_round_trips_through_System_Text_Json(RegistrationEvent @event) =>
        EventSchema.RoundTripsThroughSystemTextJson(@event);

    [Fact]
    public void Event_payloads_hold_only_primitives_lists_of_strings_and_small_records_of_primitives()
    {
        static bool IsPrimitive(Type t) =>
            (Nullable.GetUnderlyingType(t) ?? t) is var u && (u == typeof(string) || u == typeof(int) || u == typeof(long) || u == typeof(DateTimeOffset));
        static bool IsAllowed(Type t, bool nested) =>
            IsPrimitive(t) || t == typeof(IReadOnlyList<string>)
            || (!nested && t.Namespace == "Domain.Registration" && t.GetProperties().Where(p => p.Name != "EqualityContract").All(p => IsAllowed(p.PropertyType, nested: true)));

        foreach (var type in RegistrationEvent.Types)
            foreach (var property in type.GetProperties().Where(p => p.Name != "EqualityContract"))
                IsAllowed(property.PropertyType, nested: false).ShouldBeTrue($"{type.Name}.{property.Name} is {property.PropertyType.Name}");
    }

    /// <summary>
    /// Pins each stored shape: a change here breaks events already in stores, so it must come as a new
    /// version with an upcaster, not as an edit of v1.
    /// </summary>
    [Fact]
    public void The_stored_shapes_of_version_1_do_not_change()
    {
        var shapes = RegistrationEvent.Types.Select(EventSchema.Shape).ToList();

        shapes.ShouldBe([
            "AgencyRegistered.v1(AgencyCode:String, AgencyName:String, TermsVersion:String, OrganisationCertificate:OrganisationCertificateInfo, OidReviewCase:Int32?, ManagerCertificate:CitizenCertificateInfo, ManagerNationalId:String, ManagerContact:ManagerContact, RegisteredBy:String, RegisteredAt:DateTimeOffset)",
            "OidReviewRequested.v2(AgencyCode:String, CaseNumber:Int32, AgencyName:String, ExpectedOids:IReadOnlyList<String>, ReviewDesk:String, Certificate:OrganisationCertificateInfo, ApplicantName:String, ApplicantPhone:String, ApplicantExtension:String, RequestedBy:String, RequestedAt:DateTimeOffset)",
            "OidReviewApproved.v1(AgencyCode:String, CaseNumber:Int32, ApprovedOid:String, EffectiveFrom:DateTimeOffset, ApprovedBy:String, ApprovedAt:DateTimeOffset)",
            "OidReviewRejected.v1(AgencyCode:String, CaseNumber:Int32, RejectedOid:String, Reason:String, RejectedBy:String, RejectedAt:DateTimeOffset)",
            "OrganisationCertificateReplaced.v1(AgencyCode:String, TermsVersion:String, PreviousIssuerKeyId:String, PreviousSerialNumber:String, OrganisationCertificate:OrganisationCertificateInfo, OidReviewCase:Int32?, ManagerContact:ManagerContact, ReplacedBy:String, ReplacedAt:DateTimeOffset)",
            "ManagerCertificateReplaced.v1(AgencyCode:String, TermsVersion:String, PreviousIssuerKeyId:String, PreviousSerialNumber:String, ManagerCertificate:CitizenCertificateInfo, ManagerNationalId:String, ManagerContact:ManagerContact, ReplacedBy:String, ReplacedAt:DateTimeOffset)",
            "OrganisationAndManagerCertificatesReplaced.v1(AgencyCode:String, TermsVersion:String, PreviousOrganisationIssuerKeyId:String, PreviousOrganisationSerialNumber:String, OrganisationCertificate:OrganisationCertificateInfo, OidReviewCase:Int32?, PreviousManagerIssuerKeyId:String, PreviousManagerSerialNumber:String, ManagerCertificate:CitizenCertificateInfo, ManagerNationalId:String, ManagerContact:ManagerContact, ReplacedBy:String, ReplacedAt:DateTimeOffset)",
            "BothCertificatesSwapRequested.v1(AgencyCode:String, RequestNumber:Int32, AgencyName:String, TermsVersion:String, PreviousOrganisationIssuerKeyId:String, PreviousOrganisationSerialNumber:String, OrganisationCertificate:OrganisationCertificateInfo, OidReviewCase:Int32?, PreviousManagerIssuerKeyId:String, PreviousManagerSerialNumber:String, PreviousManagerNationalId:String, PreviousContact:ManagerContact, ManagerCertificate:CitizenCertificateInfo, ManagerNationalId:String, ManagerContact:ManagerContact, EffectiveAt:DateTimeOffset, RequestedBy:String, RequestedAt:DateTimeOffset)",
            "BothCertificatesSwapApproved.v1(AgencyCode:String, RequestNumber:Int32, ApprovedBy:String, ApprovedAt:DateTimeOffset)",
            "BothCertificatesSwapRefused.v1(AgencyCode:String, RequestNumber:Int32, Reason:String, RefusedBy:String, RefusedAt:DateTimeOffset)",
            "GrantIssued.v2(AgencyCode:String, GrantNumber:Int32, HandlerCertificateSerial:String, HandlerName:String, HandlerNationalId:String, FunctionCodes:IReadOnlyList<String>, CatalogueVersion:String, AuthorisedWith:GrantAuthorisation, IssuedBy:String, IssuedAt:DateTimeOffset, HandlerIssuerKeyId:String)",
            "GrantModified.v2(AgencyCode:String, GrantNumber:Int32, HandlerCertificateSerial:String, HandlerName:String, HandlerNationalId:String, FunctionCodes:IReadOnlyList<String>, CatalogueVersion:String, AuthorisedWith:GrantAuthorisation, ModifiedBy:String, ModifiedAt:DateTimeOffset, HandlerIssuerKeyId:String)",
            "GrantRevoked.v1(AgencyCode:String, GrantNumber:Int32, Reason:String, AuthorisedWith:GrantAuthorisation, RevokedBy:String, RevokedAt:DateTimeOffset)",
        ]);
        EventSchema.Shape(typeof(OrganisationCertificateInfo)).ShouldBe(
            "OrganisationCertificateInfo(SerialNumber:String, IssuerDn:String, IssuerKeyId:String, SubjectDn:String, OrganisationalUnit:String, NotBefore:DateTimeOffset, NotAfter:DateTimeOffset, AgencyOid:String, CardNumber:String, Sha256Thumbprint:String)");
        EventSchema.Shape(typeof(CitizenCertificateInfo)).ShouldBe(
            "CitizenCertificateInfo(SerialNumber:String, IssuerDn:String, IssuerKeyId:String, SubjectDn:String, CommonName:String, NotBefore:DateTimeOffset, NotAfter:DateTimeOffset, NationalIdLastFour:String, CardNumber:String, Sha256Thumbprint:String)");
        EventSchema.Shape(typeof(ManagerContact)).ShouldBe("ManagerContact(Name:String, Email:String, Phone:String, Extension:String, Note:String)");
        EventSchema.Shape(typeof(GrantAuthorisation)).ShouldBe(
            "GrantAuthorisation(OrganisationIssuerKeyId:String, OrganisationSerialNumber:String, OrganisationVerifiedAt:DateTimeOffset, ManagerIssuerKeyId:String, ManagerSerialNumber:String, ManagerVerifiedAt:DateTimeOffset)");
    }
}
