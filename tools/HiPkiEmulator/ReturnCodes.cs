namespace HiPkiEmulator;

/// <summary>
/// HiPKI's <c>ret_code</c> (major) and <c>last_error</c> (minor) values the emulator answers, as CHT's
/// errorcode.js and sample pages list them (README.md names the source of each).
/// </summary>
public static class ReturnCodes
{
    public const int Success = 0;
    public const int NoDataToSign = 0x76000003;          // 未輸入待簽訊息
    public const int NoCard = 0x76000006;                // 未插入IC卡
    public const int BadJson = 0x7600000B;               // JSON格式錯誤
    public const int BadParameter = 0x7600000C;          // 參數錯誤
    public const int ForbiddenDomain = 0x7600000F;       // 禁止存取的網域
    public const int UnsupportedMethod = 0x7600000E;     // 不支援的方法
    public const int UntrustedSite = 0x76000031;         // 非信任網站，請先加入信任網站
    public const int NoPin = 0x76000998;                 // 未輸入PIN碼
    public const int UserCancelled = 0x76000999;         // 使用者已取消動作
    public const int NoReader = 0x76100003;              // 無可用讀卡機
    public const int CardLoginFailed = 0x76100006;       // IC卡登入失敗: the reason is in last_error
    public const int CertificateNotFound = 0x7610000C;   // 找不到指定憑證
    public const int SignatureTypeError = 0x76300002;    // 簽章型別錯誤
    public const int CertificateNotYetValid = 0x76500001; // 憑證尚未生效
    public const int CertificateExpired = 0x76500002;    // 憑證已逾期

    public const int MinorNone = 0;
    public const int MinorFunctionFailed = 0x06;         // CKR_FUNCTION_FAILED
    public const int MinorPinIncorrect = 0xA0;           // CKR_PIN_INCORRECT, tries left unknown
    public const int MinorPinLength = 0xA2;              // CKR_PIN_LEN_RANGE
    public const int MinorPinLocked = 0xA4;              // CKR_PIN_LOCKED
    public const int MinorPinIncorrectOneLeft = unchecked((int)0x80000001);  // PIN碼錯誤，剩餘一次機會
    public const int MinorPinIncorrectTwoLeft = unchecked((int)0x80000002);  // PIN碼錯誤，剩餘兩次機會

    /// <summary>The minor code for a wrong PIN: the vendor codes for one or two tries left, CKR_PIN_INCORRECT otherwise.</summary>
    public static int WrongPin(int? triesLeft) => triesLeft switch
    {
        1 => MinorPinIncorrectOneLeft,
        2 => MinorPinIncorrectTwoLeft,
        _ => MinorPinIncorrect,
    };
}
