using Domain.Certificates;
using Domain.Certificates.Cards;
using Domain.Common;

namespace Web.CardSteps;

/// <summary>
/// Every zh-TW message of a card step, in one place: the server's refusals of a token (the validator's own
/// messages, with the wrong-kind one naming the kinds) and what the page says about the agent and the readers
/// (rendered into the step for wwwroot/js/card-step.js, which only fills in <c>{triesLeft}</c>, <c>{reader}</c>,
/// <c>{agentUrl}</c> and <c>{origin}</c>, the page's own address, which the agent refused).
/// </summary>
public static class CardStepMessages
{
    /// <summary>Where a locked citizen card is unlocked (MOICA's 鎖卡解碼 service).</summary>
    public const string MoicaUnblockUrl = "https://moica.nat.gov.tw";

    public static string KindName(CertificateKind kind) => kind switch
    {
        CertificateKind.Organisation => "機關憑證",
        CertificateKind.Citizen => "自然人憑證",
        _ => "無法辨識的卡片",
    };

    /// <summary>The rejection shown at the step's PIN field for a refused token.</summary>
    /// <param name="presented">The kind of the certificate the card presented, when it could be read (names the wrong card).</param>
    public static Rejection Rejection(CardFailure failure, CertificateKind expected, CertificateKind presented = CertificateKind.Unknown)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var message = (failure.Check, presented) switch
        {
            (CardCheck.WrongKind, CertificateKind.Organisation or CertificateKind.Citizen) when presented != expected =>
                $"此步驟需要{KindName(expected)}，您使用的是{KindName(presented)}。請改插{KindName(expected)}後再試一次。",
            (CardCheck.WrongKind, _) =>
                $"此步驟需要{KindName(expected)}，您使用的卡片不是{KindName(expected)}。請改插{KindName(expected)}後再試一次。",
            _ => failure.Message,
        };
        return new Rejection(failure.Code, message, PinField);
    }

    private static readonly HashSet<string> CardStates =
    [
        CardFailure.Of(Pkix.Validation.CertificateFailureCode.Expired, "").Code,
        CardFailure.Of(Pkix.Validation.CertificateFailureCode.NotYetValid, "").Code,
        CardFailure.Of(Pkix.Validation.CertificateFailureCode.Revoked, "").Code,
        CardFailure.Of(Pkix.Validation.CertificateFailureCode.UntrustedIssuer, "").Code,
        CardFailure.Of(CardCheck.TestCertificate, "").Code,
    ];

    /// <summary>
    /// A refusal that describes the card itself (expired, not yet valid, revoked, a test or unknown CA's): no PIN or
    /// field typed again can fix it, so a page shows it once as a notice with what to do, not as an input error.
    /// </summary>
    public static bool IsStateOfTheCard(Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return CardStates.Contains(rejection.Code);
    }

    /// <summary>
    /// Under a state of the card, in the step's notice: who renews or replaces a card of the step's kind, and that
    /// another card can be used right away.
    /// </summary>
    public static string WhomToAsk(CardStepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var who = step.Kind == CertificateKind.Citizen
            ? $"自然人憑證的展期、換發與廢止由內政部憑證管理中心受理（{MoicaUnblockUrl}）。"
            : "機關憑證的展期、換發與廢止由發給這張卡的憑證管理中心受理（政府機關為政府憑證管理中心 GCA），請洽貴機關保管機關憑證的人員辦理。";
        return $"{who}手邊若有其他可用的{step.KindName}，請改插那張卡後再按「{step.SubmitLabel}」。";
    }

    /// <summary>The form posted no token: no script ran, or the card was never read.</summary>
    public static Rejection TokenMissing(CertificateKind expected) => new(
        "CARD_TOKEN_MISSING",
        $"尚未讀取{KindName(expected)}：請插入卡片、輸入 PIN 碼後按「確認」。這個步驟需要瀏覽器執行 JavaScript，並在這台電腦上啟動本機讀卡程式。",
        PinField);

    /// <summary>The field (under <see cref="CardStepInput.PropertyName"/>) card rejections are shown at: the PIN input.</summary>
    public const string PinField = "Pin";

    /// <summary>
    /// What the page's script says for each situation of the agent and the readers, by key. Agent error codes
    /// (docs/card-agent.md) are keys as they are; the others are the script's own situations.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForScript(CertificateKind expected)
    {
        var kind = KindName(expected);
        var messages = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PIN_EMPTY"] = $"請輸入{kind}的 PIN 碼。",
            ["PIN_FORMAT"] = expected == CertificateKind.Citizen
                ? "自然人憑證的 PIN 碼是 6 至 8 位數字，請重新輸入。"
                : "機關憑證的 PIN 碼是 6 至 8 個英文字母或數字，請重新輸入。",
            ["PIN_INCORRECT"] = "PIN 碼錯誤，還可以再試 {triesLeft} 次；連續輸錯 3 次，卡片就會被鎖住。",
            ["PIN_INCORRECT_LAST"] = "PIN 碼錯誤，只剩最後 1 次機會；再輸錯一次，卡片就會被鎖住。請確認 PIN 碼後再輸入。",
            ["PIN_INCORRECT_UNKNOWN"] = "PIN 碼錯誤；連續輸錯 3 次，卡片就會被鎖住。",
            ["PIN_BLOCKED"] = expected == CertificateKind.Citizen
                ? $"這張自然人憑證已經鎖卡（PIN 碼連續輸錯 3 次），無法再使用。請到內政部憑證管理中心網站（{MoicaUnblockUrl}）的「鎖卡解碼」重新設定 PIN 碼後再使用。"
                : "這張機關憑證已經鎖卡（PIN 碼連續輸錯 3 次），無法再使用。請洽發卡的憑證管理中心辦理鎖卡解碼：政府憑證管理中心（GCA）、組織及團體憑證管理中心（XCA）、工商憑證管理中心（MOEACA）或醫事憑證管理中心（HCA）。",
            ["NO_READER"] = "找不到讀卡機。請將讀卡機接上這台電腦（或重新插拔一次），稍候片刻再試。",
            ["NO_CARD"] = $"讀卡機中沒有卡片，請插入{kind}。",
            ["CARD_REMOVED"] = $"讀取途中卡片被取出，請重新插入{kind}後再按「確認」。",
            ["UNSUPPORTED_CARD"] = $"無法讀取這張卡片，它不是本服務可使用的{kind}。請改插{kind}。",
            ["READER_BUSY"] = "讀卡機正被其他程式使用中，請稍候再按「確認」。",
            ["TIMEOUT"] = $"卡片沒有回應，作業已逾時。請取出{kind}重新插入後再試一次。",
            ["ORIGIN_NOT_ALLOWED"] = "本機讀卡程式沒有允許本網站（{origin}）使用卡片。請確認網址正確；若網址無誤，請洽系統管理者設定本機讀卡程式允許的網站。",
            ["BAD_REQUEST"] = "本機讀卡程式無法處理這次要求，請重新整理頁面後再試一次。",
            ["AGENT_UNREACHABLE"] = "無法連線到本機讀卡程式（{agentUrl}）。請確認這台電腦已安裝並啟動本機讀卡程式，再按「確認」重試；啟動方式請見下方說明。",
            ["READER_CHOICE"] = "有多台讀卡機插著卡片，請先選擇要使用的讀卡機。",
            ["WRONG_KIND"] = $"讀卡機中的卡片不是{kind}，請改插{kind}。",
            ["STATUS_CHECKING"] = "正在尋找讀卡機…",
            ["STATUS_NO_READER"] = "找不到讀卡機，請將讀卡機接上這台電腦。",
            ["STATUS_NO_CARD"] = $"已找到讀卡機，請插入{kind}。",
            ["STATUS_WRONG_KIND"] = $"讀卡機中的卡片不是{kind}，請改插{kind}。",
            ["STATUS_READY"] = $"已偵測到{kind}（{{reader}}），請輸入 PIN 碼。",
            ["STATUS_CHOOSE"] = $"有多台讀卡機插著{kind}，請選擇要使用的讀卡機。",
            ["STATUS_AGENT_DOWN"] = "無法連線到本機讀卡程式，請確認它已啟動。",
            ["STATUS_ORIGIN_NOT_ALLOWED"] = "本機讀卡程式正在執行，但沒有允許本網站（{origin}）使用卡片。",
            ["LOCAL_NETWORK_DENIED"] = "瀏覽器沒有允許本網站連線到這台電腦上的本機讀卡程式（「區域網路存取」權限被封鎖）。請按網址列左側的網站資訊圖示，把「區域網路存取」改為允許後重新整理頁面；貴機關資訊人員也可以用 LocalNetworkAccessAllowedForUrls 原則預先允許本網站。",
            ["STATUS_LOCAL_NETWORK_DENIED"] = "瀏覽器的「區域網路存取」權限沒有允許本網站連線到本機讀卡程式。",
            ["PIN_INCORRECT_TWO_LEFT"] = "PIN 碼錯誤，還可以再試 2 次；連續輸錯 3 次，卡片就會被鎖住。",
            ["CERT_EXPIRED"] = CardFailureMessages.For(Pkix.Validation.CertificateFailureCode.Expired),
            ["CERT_NOT_YET_VALID"] = CardFailureMessages.For(Pkix.Validation.CertificateFailureCode.NotYetValid),
            ["STATUS_HIPKI"] = $"未偵測到本機讀卡程式，將改用 HiPKI 跨平台網頁元件：請插入{kind}、輸入 PIN 碼後按「確認」，瀏覽器會開啟一個小視窗完成簽章。",
            ["HIPKI_NO_ANSWER"] = "本機讀卡程式與 HiPKI 跨平台網頁元件都沒有回應。最常見的原因是瀏覽器封鎖了彈出式視窗：請允許本網站開啟彈出式視窗後再按「確認」。"
                + "若這台電腦兩者都沒有安裝，請安裝其中一種：本機讀卡程式（向貴機關資訊人員索取），或內政部憑證管理中心網站下載的 HiCOS 卡片管理工具（內含跨平台網頁元件）。",
            ["HIPKI_READERS_ONE"] = "已透過 HiPKI 跨平台網頁元件找到讀卡機「{reader}」中的卡片，請再按「{button}」完成簽章。",
            ["HIPKI_READERS_CHOOSE"] = $"HiPKI 跨平台網頁元件找到多台插著{kind}的讀卡機，請選擇要使用的讀卡機，再按「{{button}}」。",
            ["HIPKI_POPUP_BLOCKED"] = "瀏覽器封鎖了 HiPKI 跨平台網頁元件的彈出式視窗。請在網址列允許本網站開啟彈出式視窗後，再按「確認」。",
            ["HIPKI_UNTRUSTED"] = "HiPKI 跨平台網頁元件尚未把本網站列為信任網站。請按「加入信任網站」，在開啟的視窗中確認後，再按「確認」。",
            ["HIPKI_SITE_ADDED"] = "已把本網站加入 HiPKI 跨平台網頁元件的信任網站，請再輸入 PIN 碼後按「確認」。",
            ["HIPKI_CANCELLED"] = "HiPKI 跨平台網頁元件的作業已取消（或小視窗被關閉），請再按「確認」重試。",
            ["HIPKI_LOGIN_FAILED"] = $"HiPKI 跨平台網頁元件無法登入卡片，請取出{kind}重新插入後再試一次。",
            ["HIPKI_LIBRARY"] = "HiPKI 跨平台網頁元件無法載入讀卡元件，請重新安裝 HiCOS 卡片管理工具後再試；若仍失敗，請洽貴機關資訊人員。",
            ["HIPKI_ERROR"] = "HiPKI 跨平台網頁元件回報錯誤（代碼 {code}），請取出卡片重新插入後再試一次；若仍失敗，請洽貴機關資訊人員。",
            ["AGENT_TOO_OLD"] = "這台電腦的本機讀卡程式版本（{version}）太舊，本服務需要 {minimum} 以上的版本。請向貴機關資訊人員索取新版並安裝後再試。",
            ["PROGRESS"] = "讀取卡片中，請勿取出卡片…",
            ["SENDING"] = "卡片已讀取，驗證中…",
        };
        // An organisation card is unlocked by the CA that issued it, which the agent names with PIN_BLOCKED; a citizen
        // card's message already names MOICA's unlock service.
        if (expected == CertificateKind.Organisation)
            messages["PIN_BLOCKED_AT"] = "這張機關憑證已經鎖卡（PIN 碼連續輸錯 3 次），無法再使用。請洽發給這張卡的「{issuer}」辦理鎖卡解碼。";
        return messages;
    }
}
