using System.Text;
using Pkix.Validation;

namespace Domain.Certificates.Cards;

/// <summary>The checks of our own around RFC 5280 path validation: the card's kind, test CAs, the token's origin and challenge.</summary>
public enum CardCheck
{
    /// <summary>An organisation card where a citizen card was expected, or the other way round, or a card of no kind we accept.</summary>
    WrongKind = 1,

    /// <summary>The card or a CA of its path is a test CA (政府測試憑證管理中心 and the like), refused by key identifier.</summary>
    TestCertificate,

    /// <summary>The token was posted from, or signed for, another origin than this server's.</summary>
    OriginMismatch,

    /// <summary>The challenge was never issued (or has been swept).</summary>
    ChallengeUnknown,

    /// <summary>The challenge is older than its five-minute life.</summary>
    ChallengeExpired,

    /// <summary>The challenge was already used once.</summary>
    ChallengeUsed,

    /// <summary>The challenge belongs to another browser session.</summary>
    ChallengeWrongSession,

    /// <summary>The challenge was issued for another card step.</summary>
    ChallengeWrongStep,

    /// <summary>The step's signer policy does not accept this signer (HiPKI where only our agent, which binds the origin, will do).</summary>
    SignerNotAllowed,

    /// <summary>An RS256 token of our agent's format where the policy demands PS256 (HiPKI's PKCS1 mode can make RS256 ones).</summary>
    PssRequired,
}

/// <summary>
/// Why a card step refused a card: one of our own checks (<see cref="Check"/>), or the certificate's RFC 5280,
/// CRL or OCSP failure as Pkix reported it (<see cref="Certificate"/>). Exactly one of the two is set.
/// </summary>
public sealed record CardFailure
{
    private CardFailure(CardCheck? check, CertificateFailureCode? certificate, string detail)
    {
        Check = check;
        Certificate = certificate;
        Detail = detail;
    }

    public CardCheck? Check { get; }

    public CertificateFailureCode? Certificate { get; }

    /// <summary>English, for logs (no personal data beyond what the certificate's subject names; logged at debug level).</summary>
    public string Detail { get; }

    /// <summary>The stable code rejections carry: the check's or the failure's name in upper snake case (<c>TEST_CERTIFICATE</c>, <c>EXPIRED</c>).</summary>
    public string Code => UpperSnake(Check?.ToString() ?? Certificate!.Value.ToString());

    /// <summary>What to tell the user, in zh-TW.</summary>
    public string Message => Check is { } check ? CardFailureMessages.For(check) : CardFailureMessages.For(Certificate!.Value);

    public static CardFailure Of(CardCheck check, string detail) => new(check, null, detail);

    public static CardFailure Of(CertificateFailureCode code, string detail) => new(null, code, detail);

    public static CardFailure Of(CertificateFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new(null, failure.Code, failure.Detail);
    }

    public override string ToString() => $"{Check?.ToString() ?? Certificate.ToString()}: {Detail}";

    private static string UpperSnake(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
                text.Append('_');
            text.Append(char.ToUpperInvariant(name[i]));
        }
        return text.ToString();
    }
}

/// <summary>The zh-TW message for each refusal: what happened and what the user can do.</summary>
public static class CardFailureMessages
{
    public static string For(CardCheck check) => check switch
    {
        CardCheck.WrongKind => "卡片種類不符：此步驟需要另一種憑證（機關憑證或自然人憑證），請改插正確的卡片。",
        CardCheck.TestCertificate => "此為測試用憑證（政府測試憑證管理中心），正式系統不接受，請改用正式憑證。",
        CardCheck.OriginMismatch => "簽章所綁定的網站來源不符，為保護您的安全已拒絕此次驗證。",
        CardCheck.ChallengeUnknown => "找不到此次驗證的挑戰碼，請重新整理頁面後再操作卡片。",
        CardCheck.ChallengeExpired => "驗證逾時（超過 5 分鐘），請重新整理頁面後再操作卡片。",
        CardCheck.ChallengeUsed => "此次驗證的挑戰碼已使用過，請重新整理頁面後再操作卡片。",
        CardCheck.ChallengeWrongSession => "挑戰碼不屬於目前的登入工作階段，請重新整理頁面後再操作卡片。",
        CardCheck.ChallengeWrongStep => "挑戰碼不屬於目前的步驟，請回到正確的步驟重新操作卡片。",
        CardCheck.SignerNotAllowed => "這個步驟只接受本機讀卡程式的簽章（它會確認簽章是為本網站而做），不接受 HiPKI 跨平台網頁元件的簽章。請安裝並啟動本機讀卡程式後再試一次。",
        CardCheck.PssRequired => "本機讀卡程式送來的是舊式簽章（RS256），本服務要求新式簽章（PS256）。請更新本機讀卡程式；若已是最新版本，請洽貴機關資訊人員。",
        _ => throw new ArgumentOutOfRangeException(nameof(check), check, "A check without a message."),
    };

    public static string For(CertificateFailureCode code) => code switch
    {
        CertificateFailureCode.Malformed => "無法讀取憑證資料，內容格式錯誤。請重新插入卡片後再試一次。",
        CertificateFailureCode.UntrustedIssuer => "此憑證不是由本系統接受的憑證管理中心簽發，無法使用。",
        CertificateFailureCode.Expired => "憑證已過期，請向發卡單位申請展期或換發新卡。",
        CertificateFailureCode.NotYetValid => "憑證尚未生效，請於生效日之後再使用，或確認電腦的日期時間是否正確。",
        CertificateFailureCode.Revoked => "憑證已被廢止，無法使用。請向發卡單位申請新的憑證。",
        CertificateFailureCode.RevocationUnknown => "目前無法確認憑證是否已被廢止，為安全起見暫不受理，請稍後再試。",
        CertificateFailureCode.CrlBadSignature => "憑證廢止清冊的簽章無法驗證，暫不受理，請通知系統管理者。",
        CertificateFailureCode.CrlStale => "憑證廢止清冊已逾期未更新，暫不受理，請通知系統管理者。",
        CertificateFailureCode.OcspUnavailable => "無法連線至憑證狀態查詢服務（OCSP），請稍後再試。",
        CertificateFailureCode.OcspBadSignature => "憑證狀態查詢服務的回應簽章無效，暫不受理，請通知系統管理者。",
        CertificateFailureCode.OcspStale => "憑證狀態查詢服務的回應已過時，暫不受理，請稍後再試。",
        CertificateFailureCode.OcspNonceMismatch => "憑證狀態查詢服務的回應與本次查詢不符，暫不受理，請稍後再試。",
        CertificateFailureCode.OcspTimeout => "憑證狀態查詢服務逾時未回應，請稍後再試。",
        CertificateFailureCode.OcspUnknown => "憑證狀態查詢服務查無此憑證，無法確認其狀態，請向發卡單位洽詢。",
        CertificateFailureCode.KeyUsage => "憑證的金鑰用途不允許用於身分驗證簽章，請改用卡片上的簽章用憑證。",
        CertificateFailureCode.ExtendedKeyUsage => "憑證的延伸金鑰用途不符合本項作業，無法使用。",
        CertificateFailureCode.BasicConstraints => "憑證鏈中的憑證管理中心憑證缺少基本限制（CA）設定，憑證鏈無效。",
        CertificateFailureCode.PathLength => "憑證鏈長度超過憑證管理中心所允許的層數，憑證鏈無效。",
        CertificateFailureCode.NameConstraints => "憑證名稱不在簽發單位允許的名稱範圍內，憑證鏈無效。",
        CertificateFailureCode.Policy => "憑證政策不符合要求，憑證鏈無效。",
        CertificateFailureCode.UnknownCriticalExtension => "憑證含有本系統無法處理的關鍵延伸欄位，無法使用。",
        CertificateFailureCode.UnsupportedAlgorithm => "憑證或簽章使用本系統不支援的演算法（或金鑰與演算法不符）。",
        CertificateFailureCode.SignatureInvalid => "簽章驗證失敗，資料可能遭竄改，請重新操作卡片。",
        CertificateFailureCode.NameMismatch => "憑證上的名稱與預期的對象不符。",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "A failure code without a message."),
    };
}
