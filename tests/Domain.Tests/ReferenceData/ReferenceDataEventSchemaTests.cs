using Domain.Common;
using Domain.ReferenceData;
using Domain.Tests.Support;

namespace Domain.Tests.ReferenceData;

public class ReferenceDataEventSchemaTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private const string Import = "0193a1b2-0000-7000-8000-000000000001";
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static TheoryData<ReferenceDataEvent> OneOfEach => new(Examples);

    private static ReferenceDataEvent[] Examples =>
    [
        new AgencyDirectoryRowsImported(Import, 0, [new AgencyRow("3230000", "行政院人事行政總處", ["2.16.886.101.20003.20012"], "承保第一科")]),
        new AgencyDirectoryImportCompleted(Import, "2026-11", "agencies.csv", Sha, 1, 1, "staff:admin", At),
        new PersonnelRecordsImported(Import, 0, [new PersonnelRow("A123456789", "王小明", "wang01", "current", "08", "人事室", null, "3230000", "2026-11-20")]),
        new PersonnelImportCompleted(Import, "2026-11", "table2.csv", Sha, 1, 1, "staff:admin", At),
        new HolidayCalendarImported(Import, "2026", "calendar.csv", Sha, 1, [2026], [new CalendarRow("2026-10-10", "國慶日", "holiday")], "staff:admin", At),
        new TermsOfUseImported(Import, "2026-11", "terms.csv", Sha, 1, [new TermsVersionRow("2026-11", "2026-12-01", Sha, "條款全文")], "staff:admin", At),
        new FunctionCatalogueImported(Import, "2022-11", "catalogue.csv", Sha, 2,
            [new CatalogueVersionRow("2022-11", "2022-11-01", [new CatalogueFunctionRow("01", "保費申報作業", null), new CatalogueFunctionRow("0101", "異動登錄", "01")])], "staff:admin", At),
        new TrustAnchorsImported(Import, "2026-11", "trust.csv", Sha, 1,
            [new TrustCertificateRow("organisation", "anchor", "政府憑證總管理中心", "MIIB", "OU=政府憑證總管理中心,O=行政院,C=TW", "0A0B", "ABCD")], "staff:admin", At),
    ];

    [Fact]
    public void Every_event_type_has_a_unique_stable_name()
    {
        var names = EventSchema.StoredNames(ReferenceDataEvent.Types);

        names.ShouldBeUnique();
        names.ShouldAllBe(n => n.EndsWith(".v1"));
    }

    [Fact]
    public void Every_event_record_of_the_streams_is_listed() =>
        ReferenceDataEvent.Types.ShouldBe(EventSchema.DeclaredRecordsOf<ReferenceDataEvent>(), ignoreOrder: true);

    [Fact]
    public void The_examples_cover_every_event_type() =>
        Examples.Select(e => e.GetType()).ShouldBe(ReferenceDataEvent.Types, ignoreOrder: true);

    [Theory]
    [MemberData(nameof(OneOfEach))]
    public void Every_event_round_trips_through_System_Text_Json(ReferenceDataEvent @event)
    {
        foreach (var copy in EventSchema.RoundTripsThroughSystemTextJson(@event))
            ((ReferenceDataEvent)copy).ImportId.ShouldBe(Import);
    }

    [Fact]
    public void Event_payloads_hold_only_primitives_lists_and_small_records_of_primitives()
    {
        static bool IsPrimitive(Type t) =>
            (Nullable.GetUnderlyingType(t) ?? t) is var u && (u == typeof(string) || u == typeof(int) || u == typeof(long) || u == typeof(DateTimeOffset));
        static bool IsRecordOfPrimitives(Type t, int depth) =>
            depth < 2 && t.Namespace == "Domain.ReferenceData" && !t.IsSubclassOf(typeof(ReferenceDataEvent))
            && t.GetProperties().Where(p => p.Name != "EqualityContract").All(p => IsAllowed(p.PropertyType, depth + 1));
        static bool IsAllowed(Type t, int depth) =>
            IsPrimitive(t)
            || (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) && (IsPrimitive(t.GetGenericArguments()[0]) || IsRecordOfPrimitives(t.GetGenericArguments()[0], depth)));

        foreach (var type in ReferenceDataEvent.Types)
            foreach (var property in type.GetProperties().Where(p => p.Name != "EqualityContract"))
                IsAllowed(property.PropertyType, 0).ShouldBeTrue($"{type.Name}.{property.Name} is {property.PropertyType.Name}");
    }

    /// <summary>Pins each stored shape: a change breaks events already in stores, so it must come as a new version with an upcaster.</summary>
    [Fact]
    public void The_stored_shapes_of_version_1_do_not_change()
    {
        ReferenceDataEvent.Types.Select(EventSchema.Shape).ShouldBe([
            "AgencyDirectoryRowsImported.v1(ImportId:String, Chunk:Int32, Agencies:IReadOnlyList<AgencyRow>)",
            "AgencyDirectoryImportCompleted.v1(ImportId:String, Version:String, FileName:String, FileSha256:String, RowCount:Int32, ChunkCount:Int32, ImportedBy:String, ImportedAt:DateTimeOffset)",
            "PersonnelRecordsImported.v1(ImportId:String, Chunk:Int32, Records:IReadOnlyList<PersonnelRow>)",
            "PersonnelImportCompleted.v1(ImportId:String, Version:String, FileName:String, FileSha256:String, RowCount:Int32, ChunkCount:Int32, ImportedBy:String, ImportedAt:DateTimeOffset)",
            "HolidayCalendarImported.v1(ImportId:String, Version:String, FileName:String, FileSha256:String, RowCount:Int32, Years:IReadOnlyList<Int32>, Days:IReadOnlyList<CalendarRow>, ImportedBy:String, ImportedAt:DateTimeOffset)",
            "TermsOfUseImported.v1(ImportId:String, Version:String, FileName:String, FileSha256:String, RowCount:Int32, AddedVersions:IReadOnlyList<TermsVersionRow>, ImportedBy:String, ImportedAt:DateTimeOffset)",
            "FunctionCatalogueImported.v1(ImportId:String, Version:String, FileName:String, FileSha256:String, RowCount:Int32, AddedVersions:IReadOnlyList<CatalogueVersionRow>, ImportedBy:String, ImportedAt:DateTimeOffset)",
            "TrustAnchorsImported.v1(ImportId:String, Version:String, FileName:String, FileSha256:String, RowCount:Int32, Certificates:IReadOnlyList<TrustCertificateRow>, ImportedBy:String, ImportedAt:DateTimeOffset)",
        ]);
        new[] { typeof(AgencyRow), typeof(PersonnelRow), typeof(CalendarRow), typeof(TermsVersionRow), typeof(CatalogueVersionRow), typeof(CatalogueFunctionRow), typeof(TrustCertificateRow) }
            .Select(EventSchema.Shape).ShouldBe([
                "AgencyRow(Code:String, Name:String, ExpectedOids:IReadOnlyList<String>, ReviewDesk:String)",
                "PersonnelRow(NationalId:String, Name:String, Account:String, Status:String, Category:String, ServiceUnit:String, ConcurrentDuty:String, AgencyCode:String, ReportedOn:String)",
                "CalendarRow(Date:String, Name:String, Kind:String)",
                "TermsVersionRow(Version:String, EffectiveFrom:String, TextSha256:String, Text:String)",
                "CatalogueVersionRow(Version:String, EffectiveFrom:String, Functions:IReadOnlyList<CatalogueFunctionRow>)",
                "CatalogueFunctionRow(Code:String, Name:String, ParentCode:String)",
                "TrustCertificateRow(Kind:String, Role:String, Name:String, CertificateDer:String, SubjectDn:String, SubjectKeyId:String, Sha256Thumbprint:String)",
            ]);
    }

    [Fact]
    public void Stream_names_are_fixed_per_kind_and_carry_no_personal_data()
    {
        ReferenceDataStreams.AllKinds.Select(ReferenceDataStreams.For).ShouldBe([
            "reference-agency-directory", "reference-personnel", "reference-holidays", "reference-terms", "reference-function-catalogue", "reference-trust-anchors",
        ]);
    }
}
