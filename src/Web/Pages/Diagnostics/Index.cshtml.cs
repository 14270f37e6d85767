using Domain.Certificates;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Web.CardSteps;
using Web.Hosting;
using Web.Security;

namespace Web.Pages.Diagnostics;

/// <summary>
/// 讀卡環境檢測 (docs/agency-it.md): tests, from the user's own browser, both signers a card step may use — our card
/// agent (status, version, readers) and HiPKI Local Server (its popup bridge, CheckEnvir) — and shows what it found
/// and this service's signer policy. Nothing is posted to the server; the page only renders what the script needs.
/// </summary>
public sealed class IndexModel(IOptions<WebOptions> web, IOptions<CardStepOptions> steps) : PageModel
{
    public string AgentOrigin => web.Value.CardAgentOrigin;

    public string HiPkiOrigin => steps.Value.HiPkiOrigin;

    public string? MinimumAgentVersion => steps.Value.MinimumAgentVersion;

    public SignerPolicyOptions Signers => steps.Value.Signers;

    /// <summary>What the script says; the card steps' own HiPKI messages plus the check's.</summary>
    public IReadOnlyDictionary<string, string> Messages { get; } = BuildMessages();

    public void OnGet() => SecurityHeadersMiddleware.AllowPopupBridge(HttpContext);

    public static string SignerName(CardSigner signer) => signer == CardSigner.HiPki ? "HiPKI 跨平台網頁元件" : "本機讀卡程式";

    private static Dictionary<string, string> BuildMessages()
    {
        var messages = new Dictionary<string, string>(CardStepMessages.ForScript(CertificateKind.Citizen), StringComparer.Ordinal)
        {
            ["CHECKING"] = "檢查中…",
            ["AGENT_OK"] = "本機讀卡程式已啟動，版本 {version}。",
            ["AGENT_DEMO"] = "這是示範用的讀卡程式（示範卡片），不是真正的讀卡機。",
            ["AGENT_READER"] = "讀卡機「{name}」：{card}",
            ["AGENT_NO_READERS"] = "本機讀卡程式找不到任何讀卡機。",
            ["CARD_ORGANISATION"] = "插著機關憑證",
            ["CARD_CITIZEN"] = "插著自然人憑證",
            ["CARD_OTHER"] = "插著無法辨識的卡片",
            ["CARD_NONE"] = "沒有卡片",
            ["AGENT_DOWN"] = "無法連線到本機讀卡程式（{agentUrl}）：這台電腦沒有安裝或沒有啟動它，或瀏覽器的「區域網路存取」權限沒有允許本網站。",
            ["HIPKI_OK"] = "HiPKI 跨平台網頁元件已回應，版本 {version}。",
            ["HIPKI_SLOT"] = "讀卡機「{name}」：{card}",
            ["HIPKI_SLOT_CARD"] = "有卡片（卡號 {number}）",
            ["HIPKI_NO_SLOTS"] = "HiPKI 跨平台網頁元件找不到任何讀卡機。",
        };
        messages["HIPKI_UNTRUSTED"] = "HiPKI 跨平台網頁元件尚未把本網站列為信任網站。請按「加入信任網站」，在開啟的視窗中確認後，再按「檢查 HiPKI 跨平台網頁元件」。";
        messages["HIPKI_SITE_ADDED"] = "已把本網站加入 HiPKI 跨平台網頁元件的信任網站，請再按「檢查 HiPKI 跨平台網頁元件」。";
        messages["HIPKI_NO_ANSWER"] = "HiPKI 跨平台網頁元件沒有回應：可能是瀏覽器封鎖了彈出式視窗（請允許本網站開啟），或這台電腦沒有安裝 HiCOS 卡片管理工具。";
        messages["ORIGIN_NOT_ALLOWED"] = "本機讀卡程式正在執行，但沒有允許本網站使用。請洽貴機關資訊人員設定允許的網站。";
        return messages;
    }
}
