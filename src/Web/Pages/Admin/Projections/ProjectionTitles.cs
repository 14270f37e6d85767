using ReadModels.Accounts;
using ReadModels.Ecpa;
using ReadModels.Grants;
using ReadModels.People;
using ReadModels.ReferenceData;
using ReadModels.Registration;

namespace Web.Pages.Admin.Projections;

/// <summary>What each projection holds, in the zh-TW an administrator reads beside its technical name.</summary>
public static class ProjectionTitles
{
    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        [CitizenCertificatesProjection.ProjectionName] = "自然人憑證持有人索引",
        [RegisteredCertificatesProjection.ProjectionName] = "已註冊的機關憑證與管理者憑證",
        [OidReviewQueueProjection.ProjectionName] = "機關憑證 OID 審核案件",
        [BothSwapRequestsProjection.ProjectionName] = "兩張憑證同時更換的等待期及通知",
        [RegistrationReceiptsProjection.ProjectionName] = "憑證註冊收件紀錄",
        [StaffAccountsProjection.ProjectionName] = "工作人員帳號",
        [AgencyDirectoryProjection.ProjectionName] = "機關代碼檔",
        [PersonnelProjection.ProjectionName] = "公務人力資料（人事報送）",
        [ReferenceDataProjection.ProjectionName] = "參考資料版本（行事曆、約定條款、功能選單、信任清單）",
        [HandlerGrantsProjection.ProjectionName] = "經辦人授權（已授權清單）",
        [ApplicationSystemGrantsProjection.ProjectionName] = "應用系統授權",
        [OrganisationCertificatesProjection.ProjectionName] = "上傳的機關憑證",
    };

    /// <summary>The zh-TW title; null for a projection this list does not know (one a test or an extension added).</summary>
    public static string? Of(string projection) => Titles.GetValueOrDefault(projection);
}
