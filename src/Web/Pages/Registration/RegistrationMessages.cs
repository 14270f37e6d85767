using Domain.Common;

namespace Web.Pages.Registration;

/// <summary>The registration pages' own zh-TW messages (the domain's rules speak for themselves: RegistrationRejections).</summary>
public static class RegistrationMessages
{
    /// <summary>Someone else wrote to the agency's registration after this page was built (the wizard's wording of <see cref="Rejection.ChangedMeanwhile"/>).</summary>
    public static Rejection ChangedMeanwhile { get; } = Rejection.ChangedMeanwhile with
    {
        Message = "在您操作的同時，這個機關的註冊資料已經由其他人更新，您這次的送出沒有寫入任何資料。請重新整理頁面，再從頭辦理。",
    };

    /// <summary>The wizard's state is gone (expired, another tab started over) or a step was posted out of order.</summary>
    public static Rejection WizardExpired { get; } = new("wizard-expired",
        "這次的作業已經逾時或步驟順序不符，請從閱讀用戶約定條款重新開始。");

    /// <summary>A card verified earlier in the wizard is no longer remembered for this browser.</summary>
    public static Rejection CardVerificationExpired { get; } = new("card-verification-expired",
        "先前驗證的憑證已經逾時，請重新插卡驗證。");

    /// <summary>
    /// A refusal that is the state of the agency's case (its OID review pending, approved from a later day, rejected):
    /// nothing the user types changes it, so the wizard shows it once as a notice with what happens next, not as an input error.
    /// </summary>
    public static bool IsStateOfTheCase(Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return rejection.Code is "oid-review-pending" or "oid-approval-not-yet-effective" or "oid-review-rejected" or "both-swap-pending";
    }

    /// <summary>No terms-of-use version is in force: reference data missing.</summary>
    public static Rejection TermsNotImported { get; } = new("terms-not-imported",
        "目前沒有生效中的用戶約定條款，暫時無法辦理；請洽系統管理者匯入用戶約定條款。");

    /// <summary>The holiday calendar does not reach the next business day.</summary>
    public static Rejection CalendarNotImported { get; } = new("calendar-not-imported",
        "辦公日曆尚未涵蓋下一個營業日，無法決定核准的生效日；請洽系統管理者匯入新年度的辦公日曆。");
}
