namespace Web.CardSteps;

/// <summary>
/// HiPKI Local Server's return codes (ret_code, and last_error where it tells more) as the card-step script reads
/// them, each mapped to one of the step's messages (<see cref="CardStepMessages.ForScript"/>). The codes are the
/// ones public code documents (../shared/research/hipki-local-server.md §6, CHT's errorcode.js and sample pages);
/// a code not listed here gets <c>HIPKI_ERROR</c> with the code shown.
/// </summary>
public static class HiPkiReturnCodes
{
    /// <summary>Key: the major code as 8 upper-case hex digits, or <c>major:minor</c> when last_error decides.</summary>
    public static IReadOnlyDictionary<string, string> ForScript { get; } = Build();

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(uint code, string key, uint? minor = null) => map.Add(minor is { } m ? $"{code:X8}:{m:X8}" : $"{code:X8}", key);

        // Card login (0x76100006): the reason is in last_error — PKCS#11 CKR_* values, or CHT's own tries-left codes.
        Add(0x76100006, "PIN_INCORRECT_UNKNOWN", 0xA0);        // CKR_PIN_INCORRECT
        Add(0x76100006, "PIN_INCORRECT_TWO_LEFT", 0x80000002); // PIN碼錯誤，剩餘兩次機會
        Add(0x76100006, "PIN_INCORRECT_LAST", 0x80000001);     // PIN碼錯誤，剩餘一次機會
        Add(0x76100006, "PIN_BLOCKED", 0xA4);                  // CKR_PIN_LOCKED: 已鎖卡
        Add(0x76100006, "PIN_FORMAT", 0xA2);                   // CKR_PIN_LEN_RANGE
        Add(0x76100006, "HIPKI_LOGIN_FAILED");
        Add(0x76000998, "PIN_EMPTY");                          // 未輸入PIN碼

        Add(0x76000006, "NO_CARD");                            // 未插入IC卡
        Add(0x76100003, "NO_READER");                          // 無可用讀卡機
        Add(0x7600000E, "NO_READER");                          // 不支援的方法: CHT's wrapper reads it as no reader / token not started
        Add(0x76000031, "HIPKI_UNTRUSTED");                    // 非信任網站，請先加入信任網站
        Add(0x7600000F, "HIPKI_UNTRUSTED");                    // 禁止存取的網域
        Add(0x76000999, "HIPKI_CANCELLED");                    // 使用者已取消動作

        Add(0x76100001, "HIPKI_LIBRARY");                      // 無法載入IC卡函式庫檔案
        Add(0x76100002, "HIPKI_LIBRARY");                      // 結束IC卡函式庫失敗
        foreach (var code in new uint[] { 0x76100004, 0x76100005, 0x76100007, 0x76100008, 0x76100009, 0x7610000A, 0x7610000B, 0x7600000D })
            Add(code, "TIMEOUT");                              // reader/session/card read failures, helper timed out: take the card out and retry
        Add(0x7610000C, "UNSUPPORTED_CARD");                   // 找不到指定憑證
        Add(0x7610000D, "UNSUPPORTED_CARD");                   // 找不到指定金鑰
        Add(0x76200008, "UNSUPPORTED_CARD");                   // 不支援的CA
        foreach (var code in new uint[] { 0x83000101, 0x83000102, 0x83000103, 0x83000104 })
            Add(code, "UNSUPPORTED_CARD");                     // 選錯服務，您使用 MOICA/MOEACA/GCA/XCA 卡
        Add(0x76500001, "CERT_NOT_YET_VALID");                 // 憑證尚未生效
        Add(0x76500002, "CERT_EXPIRED");                       // 憑證已逾期

        // Our own request was wrong (no data, bad JSON, bad parameter …): nothing the user can mend but reloading.
        foreach (var code in new uint[] { 0x76000001, 0x76000002, 0x76000003, 0x76000004, 0x76000005, 0x76000007, 0x76000008, 0x76000009, 0x7600000A, 0x7600000B, 0x7600000C })
            Add(code, "BAD_REQUEST");
        return map;
    }
}
