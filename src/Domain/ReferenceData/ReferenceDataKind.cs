namespace Domain.ReferenceData;

/// <summary>The kinds of reference data an administrator imports, each into its own stream.</summary>
public enum ReferenceDataKind
{
    /// <summary>機關代碼檔: replaced whole by each import.</summary>
    AgencyDirectory = 1,

    /// <summary>公務人力資料庫 (表二) reports: each import adds reports.</summary>
    Personnel = 2,

    /// <summary>政府行政機關辦公日曆表: each import replaces the years it covers.</summary>
    HolidayCalendar = 3,

    /// <summary>用戶約定條款: each import adds versions; recorded versions never change.</summary>
    TermsOfUse = 4,

    /// <summary>功能選單: each import adds versions; recorded versions never change.</summary>
    FunctionCatalogue = 5,

    /// <summary>信任的憑證機構: replaced whole by each import.</summary>
    TrustAnchors = 6,
}

/// <summary>Stream names and screen names of the reference-data kinds (no personal data in any stream name).</summary>
public static class ReferenceDataStreams
{
    public const string AgencyDirectory = "reference-agency-directory";
    public const string Personnel = "reference-personnel";
    public const string HolidayCalendar = "reference-holidays";
    public const string TermsOfUse = "reference-terms";
    public const string FunctionCatalogue = "reference-function-catalogue";
    public const string TrustAnchors = "reference-trust-anchors";

    public static IReadOnlyList<ReferenceDataKind> AllKinds { get; } = Enum.GetValues<ReferenceDataKind>();

    public static string For(ReferenceDataKind kind) => kind switch
    {
        ReferenceDataKind.AgencyDirectory => AgencyDirectory,
        ReferenceDataKind.Personnel => Personnel,
        ReferenceDataKind.HolidayCalendar => HolidayCalendar,
        ReferenceDataKind.TermsOfUse => TermsOfUse,
        ReferenceDataKind.FunctionCatalogue => FunctionCatalogue,
        ReferenceDataKind.TrustAnchors => TrustAnchors,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a reference-data kind"),
    };

    /// <summary>The kind's name on screen, in the seeds' terms.</summary>
    public static string Title(ReferenceDataKind kind) => kind switch
    {
        ReferenceDataKind.AgencyDirectory => "機關代碼檔",
        ReferenceDataKind.Personnel => "人事資料（表二）",
        ReferenceDataKind.HolidayCalendar => "辦公日曆（放假及補行上班日）",
        ReferenceDataKind.TermsOfUse => "用戶約定條款",
        ReferenceDataKind.FunctionCatalogue => "授權功能選單",
        ReferenceDataKind.TrustAnchors => "信任的憑證機構",
        _ => kind.ToString(),
    };

    /// <summary>The header row a file of the kind starts with (docs/domain.md and docs/reference-data.md describe the columns).</summary>
    public static string Header(ReferenceDataKind kind) => kind switch
    {
        ReferenceDataKind.AgencyDirectory => "code,name,expected_oids,review_desk",
        ReferenceDataKind.Personnel => "national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on",
        ReferenceDataKind.HolidayCalendar => "date,name,kind",
        ReferenceDataKind.TermsOfUse => "version,effective_from,text_sha256",
        ReferenceDataKind.FunctionCatalogue => "version,effective_from,code,name,parent",
        ReferenceDataKind.TrustAnchors => "kind,role,name,certificate",
        _ => "",
    };
}
