using Domain.Certificates;
using Domain.Registration;
using Web.CardSteps;

namespace Web.Pages.Registration.Wizard;

/// <summary>
/// What differs between 首次註冊 and the three swaps: titles, the two card steps (which card is new), the page, and
/// the words of the result. Everything else — steps, checks, confirmation — is one wizard (<see cref="CardWizardPage"/>).
/// </summary>
public sealed record WizardFlow(
    RegistrationFlow Flow,
    string Title,
    string PagePath,
    CardStepDefinition OrganisationStep,
    CardStepDefinition ManagerStep,
    string Lead,
    string DoneMessage)
{
    /// <summary>The element every wizard form swaps (htmx target).</summary>
    public const string TargetId = "registration-wizard";

    public const string AgencyCodeField = "Input.AgencyCode";

    public const string NationalIdField = "Input.ManagerNationalId";

    public bool NewOrganisationCard => Flow is RegistrationFlow.FirstRegistration or RegistrationFlow.ReplaceOrganisationCertificate or RegistrationFlow.ReplaceBothCertificates;

    public bool NewManagerCard => Flow is RegistrationFlow.FirstRegistration or RegistrationFlow.ReplaceManagerCertificate or RegistrationFlow.ReplaceBothCertificates;

    public bool IsSwap => Flow != RegistrationFlow.FirstRegistration;

    /// <summary>The page's address without a run (/Registration/First): opening it starts a new run.</summary>
    public string StartPath => PagePath[..PagePath.LastIndexOf('/')];

    public static WizardFlow First { get; } = Create(
        RegistrationFlow.FirstRegistration, "first", "首次註冊", "/Registration/First/Index",
        "第一次使用本服務的機關，以機關憑證及授權管理者的自然人憑證完成註冊；每個機關只有一位授權管理者。",
        "貴機關已完成首次註冊，授權管理者即可辦理授權指派。");

    public static WizardFlow OrganisationSwap { get; } = Create(
        RegistrationFlow.ReplaceOrganisationCertificate, "swap-organisation", "更換機關憑證", "/Registration/Swap/Organisation/Index",
        "機關憑證更換或展期後，以新的機關憑證及目前授權管理者的自然人憑證更新註冊資料。",
        "機關憑證已經更換，之後請使用新的機關憑證；已授權的經辦人不受影響。");

    public static WizardFlow ManagerSwap { get; } = Create(
        RegistrationFlow.ReplaceManagerCertificate, "swap-manager", "更換授權管理者自然人憑證", "/Registration/Swap/Manager/Index",
        "授權管理者換人，或自然人憑證更換、展期後，以目前的機關憑證及新的自然人憑證更新註冊資料。",
        "授權管理者的自然人憑證已經更換，之後由新的憑證辦理授權指派；已授權的經辦人不受影響。");

    public static WizardFlow BothSwap { get; } = Create(
        RegistrationFlow.ReplaceBothCertificates, "swap-both", "更換機關憑證和授權管理者自然人憑證", "/Registration/Swap/Both/Index",
        "機關憑證與授權管理者的自然人憑證同時更換時，以兩張新的憑證一次更新註冊資料；為保護機關，更換會先通知原授權管理者，經過等待期（或審核人員核准）後才生效。",
        "機關憑證及授權管理者的自然人憑證都已更換；已授權的經辦人不受影響。");

    public static WizardFlow For(RegistrationFlow flow) => flow switch
    {
        RegistrationFlow.FirstRegistration => First,
        RegistrationFlow.ReplaceOrganisationCertificate => OrganisationSwap,
        RegistrationFlow.ReplaceManagerCertificate => ManagerSwap,
        RegistrationFlow.ReplaceBothCertificates => BothSwap,
        _ => throw new ArgumentOutOfRangeException(nameof(flow), flow, "not a registration wizard"),
    };

    private static WizardFlow Create(RegistrationFlow flow, string slug, string title, string pagePath, string lead, string done)
    {
        var newOrganisation = flow is not RegistrationFlow.ReplaceManagerCertificate;
        var newManager = flow is not RegistrationFlow.ReplaceOrganisationCertificate;
        var organisation = new CardStepDefinition($"registration-{slug}-organisation", CertificateKind.Organisation)
        {
            TargetId = TargetId,
            Heading = "機關憑證確認",
            Lead = newOrganisation && flow != RegistrationFlow.FirstRegistration
                ? "請將更換後的機關憑證 IC 卡放入讀卡機，輸入機關代號及機關憑證的 PIN 碼後按「確認」。"
                : "請將機關憑證 IC 卡放入讀卡機，輸入機關代號及機關憑證的 PIN 碼後按「確認」。",
            Handler = "VerifyOrganisationCard",
            Fields = [new CardStepField(AgencyCodeField, "機關代號", "公保機關代號為 5 碼數字；機關代碼為 7 至 10 碼英數字。", MaxLength: 10)],
        };
        var manager = new CardStepDefinition($"registration-{slug}-manager", CertificateKind.Citizen)
        {
            TargetId = TargetId,
            Heading = "自然人憑證確認",
            Lead = newManager && flow != RegistrationFlow.FirstRegistration
                ? "請放入更換後授權管理者的自然人憑證 IC 卡，輸入授權管理者的身分證統一編號及自然人憑證的 PIN 碼後按「確認」。"
                : "請放入授權管理者的自然人憑證 IC 卡，輸入授權管理者的身分證統一編號及自然人憑證的 PIN 碼後按「確認」。",
            Handler = "VerifyManagerCard",
            Fields = [new CardStepField(NationalIdField, "授權管理者身分證統一編號", "英文字母 1 碼加數字 9 碼，例如 A123456789。", MaxLength: 10)],
        };
        return new WizardFlow(flow, title, pagePath, organisation, manager, lead, done);
    }
}
