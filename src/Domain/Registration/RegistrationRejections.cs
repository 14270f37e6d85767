using System.Globalization;
using Domain.Common;

namespace Domain.Registration;

/// <summary>The form fields rejections point at, so a page can show each message beside its field.</summary>
public static class RegistrationFields
{
    public const string AgencyCode = nameof(AgencyCode);
    public const string TermsVersion = nameof(TermsVersion);
    public const string OrganisationCertificate = nameof(OrganisationCertificate);
    public const string ManagerCertificate = nameof(ManagerCertificate);
    public const string ManagerNationalId = nameof(ManagerNationalId);
    public const string ContactName = "Contact.Name";
    public const string ContactEmail = "Contact.Email";
    public const string ContactPhone = "Contact.Phone";
    public const string ContactExtension = "Contact.Extension";
    public const string ContactNote = "Contact.Note";
    public const string ApplicantName = nameof(ApplicantName);
    public const string ApplicantPhone = nameof(ApplicantPhone);
    public const string CaseNumber = nameof(CaseNumber);
    public const string Reason = nameof(Reason);
    public const string HandlerCertificateSerial = "Handler.CertificateSerial";
    public const string HandlerName = "Handler.Name";
    public const string HandlerNationalId = "Handler.NationalId";
    public const string Functions = "Handler.FunctionCodes";
    public const string GrantNumber = nameof(GrantNumber);
    public const string RequestNumber = nameof(RequestNumber);
}

/// <summary>
/// Every rule the registration stream can refuse, with its stable code and its zh-TW message. Codes
/// are part of the contract with pages and tests; messages may be reworded.
/// </summary>
public static class RegistrationRejections
{
    public static Rejection AlreadyRegistered { get; } = new("already-registered",
        "此機關已完成首次註冊；要換用新的憑證，請改用「更換憑證」。", RegistrationFields.AgencyCode);

    public static Rejection NotRegistered { get; } = new("not-registered",
        "此機關尚未完成首次註冊，請先辦理首次註冊。", RegistrationFields.AgencyCode);

    public static Rejection StaleVersion { get; } = Rejection.ChangedMeanwhile with
    {
        Message = "這個機關的註冊資料在您開啟本頁之後已有其他人變更，請重新整理頁面再操作。",
    };

    public static Rejection TermsNotAccepted { get; } = new("terms-not-accepted",
        "請先閱讀並同意用戶約定條款。", RegistrationFields.TermsVersion);

    public static Rejection TermsOutdated { get; } = new("terms-outdated",
        "用戶約定條款已經改版，請重新閱讀並同意目前的版本。", RegistrationFields.TermsVersion);

    public static Rejection AgencyNotInDirectory { get; } = new("agency-not-in-directory",
        "機關代碼檔中查無此機關代號，請確認輸入是否正確。", RegistrationFields.AgencyCode);

    public static Rejection NotAnOrganisationCertificate { get; } = new("wrong-certificate-kind",
        "讀到的不是機關憑證，請放入機關憑證 IC 卡後再試一次。", RegistrationFields.OrganisationCertificate);

    public static Rejection NotACitizenCertificate { get; } = new("wrong-certificate-kind",
        "讀到的不是自然人憑證，請放入授權管理者的自然人憑證 IC 卡後再試一次。", RegistrationFields.ManagerCertificate);

    public static Rejection CertificateRegisteredElsewhere { get; } = new("certificate-registered-elsewhere",
        "這張機關憑證已經註冊在其他機關名下，不能再用於本機關。", RegistrationFields.OrganisationCertificate);

    public static Rejection OidReviewPending { get; } = new("oid-review-pending",
        "貴機關的註冊申請資料正在審核中。審核通過後，下一個營業日即可重新辦理；如逾期仍見此訊息，請與承保單位聯絡。",
        RegistrationFields.OrganisationCertificate);

    public static Rejection OidApprovalNotYetEffective(DateTimeOffset effectiveFrom) => new("oid-approval-not-yet-effective",
        $"貴機關的審核已經通過，自 {RocDate.FormatDate(effectiveFrom)} 起即可重新辦理。", RegistrationFields.OrganisationCertificate);

    public static Rejection OidReviewRejected(string reason) => new("oid-review-rejected",
        $"這張機關憑證的 OID 審核未通過（{reason}）。承保單位會與貴機關聯絡；如需協助，請洽審核窗口。", RegistrationFields.OrganisationCertificate);

    public static Rejection OidMismatch { get; } = new("oid-mismatch",
        "這張機關憑證的 OID 與機關代碼檔的資料不符，須經審核；如確定使用這張憑證，請留下聯絡人姓名及電話。",
        RegistrationFields.OrganisationCertificate);

    public static Rejection OidReviewNotNeeded { get; } = new("oid-review-not-needed",
        "這張機關憑證的 OID 與機關資料相符，不需審核，可以直接辦理。", RegistrationFields.OrganisationCertificate);

    public static Rejection ReviewNotFound(int caseNumber) => new("review-not-found",
        string.Create(CultureInfo.InvariantCulture, $"此機關沒有第 {caseNumber} 號審核案件。"), RegistrationFields.CaseNumber);

    public static Rejection ReviewAlreadyDecided(int caseNumber, OidReviewStatus status) => new("review-already-decided",
        string.Create(CultureInfo.InvariantCulture, $"第 {caseNumber} 號審核案件已經{(status == OidReviewStatus.Approved ? "核准" : "駁回")}，不能再改變結果。"),
        RegistrationFields.CaseNumber);

    public static Rejection ManagerIdMismatch { get; } = new("manager-id-mismatch",
        "輸入的身分證統一編號與這張自然人憑證的持有人不符。", RegistrationFields.ManagerNationalId);

    public static Rejection ManagerNameMismatch { get; } = new("manager-name-mismatch",
        "這張自然人憑證上的姓名與公務人力資料庫中此身分證統一編號人員的姓名不同，無法確認是本人的憑證。請確認插入的是本人的卡片。", RegistrationFields.ManagerCertificate);

    public static Rejection ManagerNotInPersonnelRecords { get; } = new("manager-not-in-personnel-records",
        "公務人力資料庫中查無此身分證統一編號的人員資料，請確認輸入，或請人事單位報送資料。", RegistrationFields.ManagerNationalId);

    public static Rejection ManagerRecordNotYetEffective { get; } = new("manager-record-not-yet-effective",
        "此人員的人事資料剛報送，將於報送次日生效，請明天再辦理。", RegistrationFields.ManagerNationalId);

    public static Rejection ManagerNotAgencyStaff { get; } = new("manager-not-agency-staff",
        "依公務人力資料庫，此人員目前不是本機關的現職人員；授權管理者須由本機關現職人員擔任。人員剛調入本機關時，請待人事單位報送資料生效後（報送次日）再辦理。",
        RegistrationFields.ManagerNationalId);

    public static Rejection ManagerDeparted { get; } = new("manager-departed",
        "依公務人力資料庫，此人員已經卸職，不能擔任授權管理者。", RegistrationFields.ManagerNationalId);

    public static Rejection NotTheRegisteredManager { get; } = new("not-the-registered-manager",
        "這張自然人憑證不是本機關已註冊的授權管理者憑證；換了管理者或新卡，請改用「更換授權管理者自然人憑證」。",
        RegistrationFields.ManagerCertificate);

    public static Rejection NotTheRegisteredOrganisationCertificate { get; } = new("not-the-registered-organisation-certificate",
        "這張機關憑證不是本機關目前註冊的機關憑證；換了新卡，請改用「更換機關憑證」。", RegistrationFields.OrganisationCertificate);

    public static Rejection OrganisationCertificateUnchanged { get; } = new("certificate-unchanged",
        "這張機關憑證就是目前註冊的機關憑證；更換憑證請放入新的機關憑證。", RegistrationFields.OrganisationCertificate);

    public static Rejection OrganisationCertificateReplacedBefore { get; } = new("certificate-replaced-before",
        "這張機關憑證已在先前的更換中被換下，不能再註冊為本機關的新憑證；請放入新核發的機關憑證。", RegistrationFields.OrganisationCertificate);

    public static Rejection ManagerCertificateUnchanged { get; } = new("certificate-unchanged",
        "這張自然人憑證就是目前註冊的授權管理者憑證；更換憑證請放入新的自然人憑證。", RegistrationFields.ManagerCertificate);

    public static Rejection BothSwapPending(DateTimeOffset effectiveAt) => new("both-swap-pending",
        $"貴機關已申請同時更換機關憑證和授權管理者自然人憑證，將於 {RocDate.FormatDateTime(effectiveAt)} 生效（審核人員可提前核准或駁回）；在此之前不能再辦理其他更換。",
        RegistrationFields.OrganisationCertificate);

    public static Rejection SwapRequestNotFound(int requestNumber) => new("swap-request-not-found",
        string.Create(CultureInfo.InvariantCulture, $"此機關沒有第 {requestNumber} 號更換憑證申請。"), RegistrationFields.RequestNumber);

    public static Rejection SwapRequestDecided(int requestNumber, SwapRequestStatus status) => new("swap-request-decided",
        string.Create(CultureInfo.InvariantCulture, $"第 {requestNumber} 號更換憑證申請已經{(status == SwapRequestStatus.Applied ? "生效" : "駁回")}，不能再改變。"),
        RegistrationFields.RequestNumber);

    public static Rejection SwapNotYetDue(DateTimeOffset effectiveAt) => new("swap-not-yet-due",
        $"這筆更換憑證申請要到 {RocDate.FormatDateTime(effectiveAt)} 才生效。", RegistrationFields.RequestNumber);

    public static Rejection CardSessionExpired(TimeSpan window) => new("card-session-expired",
        string.Create(CultureInfo.InvariantCulture, $"授權作業須在驗證機關憑證及授權管理者自然人憑證後 {window.TotalMinutes:0} 分鐘內完成，請重新驗證兩張憑證。"));

    public static Rejection SerialRequired { get; } = new("serial-required",
        "請輸入經辦人的自然人憑證序號，或放入經辦人的自然人憑證後按「讀取憑證」。", RegistrationFields.HandlerCertificateSerial);

    public static Rejection SerialInvalid { get; } = new("serial-invalid",
        "憑證序號應為十六進位數字（0–9、A–F），最多 40 位。", RegistrationFields.HandlerCertificateSerial);

    public static Rejection SerialAlreadyGranted { get; } = new("serial-already-granted",
        "這個憑證序號已經授權給本機關的經辦人；要變更權限請使用「修改」。", RegistrationFields.HandlerCertificateSerial);

    public static Rejection HandlerIdMismatch { get; } = new("handler-id-mismatch",
        "輸入的身分證統一編號與讀到的經辦人自然人憑證不符。", RegistrationFields.HandlerNationalId);

    public static Rejection FunctionsRequired { get; } = new("functions-required",
        "請至少勾選一項功能。", RegistrationFields.Functions);

    public static Rejection FunctionUnknown(string code, string catalogueVersion) => new("function-unknown",
        $"功能代碼「{code}」不在目前的功能選單（版本 {catalogueVersion}）之中，請重新整理頁面後再勾選。", RegistrationFields.Functions);

    public static Rejection FunctionNotGrantable(string name) => new("function-not-grantable",
        $"「{name}」是功能群組，請勾選其下的功能項目。", RegistrationFields.Functions);

    public static Rejection HandlerGrantNotFound(int grantNumber) => new("grant-not-found",
        string.Create(CultureInfo.InvariantCulture, $"本機關沒有第 {grantNumber} 筆授權資料。"), RegistrationFields.GrantNumber);

    public static Rejection HandlerGrantIsRevoked(int grantNumber) => new("grant-revoked",
        string.Create(CultureInfo.InvariantCulture, $"第 {grantNumber} 筆授權已經刪除，不能再修改；請重新新增。"), RegistrationFields.GrantNumber);

    /// <summary>A required text field left blank: <c>{prefix}-required</c>.</summary>
    public static Rejection Required(string prefix, string label, string field) => new($"{prefix}-required", $"請輸入{label}。", field);

    /// <summary>A text field over its length: <c>{prefix}-too-long</c>.</summary>
    public static Rejection TooLong(string prefix, string label, int maxLength, string field) => new($"{prefix}-too-long",
        string.Create(CultureInfo.InvariantCulture, $"{label}最多 {maxLength} 個字。"), field);

    /// <summary>A text field of the wrong shape: <c>{prefix}-invalid</c>.</summary>
    public static Rejection Invalid(string prefix, string message, string field) => new($"{prefix}-invalid", message, field);
}
