namespace Domain.Certificates.Validation;

/// <summary>Why a certificate, its chain, its revocation status or a card token was refused: one code per cause the user or an operator can act on.</summary>
public enum CertificateFailureCode
{
    /// <summary>The certificate (or token) could not be read: bad DER, bad base64, duplicate extensions, empty names.</summary>
    Malformed = 1,

    /// <summary>An organisation card where a citizen card was expected, or the other way round.</summary>
    WrongKind,

    /// <summary>No path to an anchor accepted for the expected kind.</summary>
    UntrustedIssuer,

    /// <summary>The chain runs through a test CA (政府測試憑證管理中心 and the like).</summary>
    TestCertificate,

    /// <summary>A certificate of the path expired before the validation instant.</summary>
    Expired,

    /// <summary>A certificate of the path is not valid yet at the validation instant.</summary>
    NotYetValid,

    /// <summary>The certificate is on its issuer's CRL or OCSP says revoked.</summary>
    Revoked,

    /// <summary>No fresh, verifiable revocation information could be had (fail closed).</summary>
    RevocationUnknown,

    /// <summary>The CRL is not signed by the certificate's issuer, or its signature does not verify.</summary>
    CrlBadSignature,

    /// <summary>The CRL's nextUpdate has passed (or its thisUpdate lies in the future).</summary>
    CrlStale,

    /// <summary>The OCSP responder could not be reached or answered with an error status.</summary>
    OcspUnavailable,

    /// <summary>The OCSP response is not signed by the CA or by a responder the CA delegated.</summary>
    OcspBadSignature,

    /// <summary>The OCSP response is too old (nextUpdate passed) or dated in the future.</summary>
    OcspStale,

    /// <summary>The OCSP response does not echo the nonce we sent.</summary>
    OcspNonceMismatch,

    /// <summary>The OCSP responder did not answer in time.</summary>
    OcspTimeout,

    /// <summary>The responder does not know the certificate.</summary>
    OcspUnknown,

    /// <summary>Key usage does not allow the use (digitalSignature on the leaf, keyCertSign on CAs).</summary>
    KeyUsage,

    /// <summary>Extended key usage does not allow the use.</summary>
    ExtendedKeyUsage,

    /// <summary>A CA certificate lacks basicConstraints cA, or the extension is inconsistent.</summary>
    BasicConstraints,

    /// <summary>The path is longer than a CA's pathLenConstraint (or the caller's depth limit) allows.</summary>
    PathLength,

    /// <summary>A name in the path lies outside a CA's permitted subtrees or inside its excluded ones.</summary>
    NameConstraints,

    /// <summary>Certificate policy processing (explicit policy, mappings, inhibit anyPolicy) left no acceptable policy.</summary>
    Policy,

    /// <summary>A critical extension this validator does not understand.</summary>
    UnknownCriticalExtension,

    /// <summary>A signature or key algorithm we do not accept (weak or unknown), or a key that does not match the algorithm.</summary>
    UnsupportedAlgorithm,

    /// <summary>A signature (certificate, CRL or card token) does not verify.</summary>
    SignatureInvalid,

    /// <summary>The certificate's names do not include the expected peer name (DNS, IP or e-mail).</summary>
    NameMismatch,

    /// <summary>The challenge was never issued (or has been swept).</summary>
    ChallengeUnknown,

    /// <summary>The challenge is older than its five-minute life.</summary>
    ChallengeExpired,

    /// <summary>The challenge was already used once.</summary>
    ChallengeUsed,

    /// <summary>The challenge belongs to another session.</summary>
    ChallengeWrongSession,

    /// <summary>The challenge was issued for another card step.</summary>
    ChallengeWrongStep,

    /// <summary>The token was signed for another origin than this server's.</summary>
    OriginMismatch,
}

/// <summary>A refusal: the code, a zh-TW message for people, and a detail for logs and the Limbo harness (no personal data).</summary>
public sealed record CertificateFailure(CertificateFailureCode Code, string Detail)
{
    /// <summary>What to tell the user, in zh-TW.</summary>
    public string Message => CertificateFailureMessages.For(Code);

    public override string ToString() => $"{Code}: {Detail}";
}

/// <summary>The zh-TW message for each failure code: what happened and what the user can do.</summary>
public static class CertificateFailureMessages
{
    public static string For(CertificateFailureCode code) => code switch
    {
        CertificateFailureCode.Malformed => "無法讀取憑證資料，內容格式錯誤。請重新插入卡片後再試一次。",
        CertificateFailureCode.WrongKind => "卡片種類不符：此步驟需要另一種憑證（機關憑證或自然人憑證），請改插正確的卡片。",
        CertificateFailureCode.UntrustedIssuer => "此憑證不是由本系統接受的憑證管理中心簽發，無法使用。",
        CertificateFailureCode.TestCertificate => "此為測試用憑證（政府測試憑證管理中心），正式系統不接受，請改用正式憑證。",
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
        CertificateFailureCode.ChallengeUnknown => "找不到此次驗證的挑戰碼，請重新整理頁面後再操作卡片。",
        CertificateFailureCode.ChallengeExpired => "驗證逾時（超過 5 分鐘），請重新整理頁面後再操作卡片。",
        CertificateFailureCode.ChallengeUsed => "此次驗證的挑戰碼已使用過，請重新整理頁面後再操作卡片。",
        CertificateFailureCode.ChallengeWrongSession => "挑戰碼不屬於目前的登入工作階段，請重新整理頁面後再操作卡片。",
        CertificateFailureCode.ChallengeWrongStep => "挑戰碼不屬於目前的步驟，請回到正確的步驟重新操作卡片。",
        CertificateFailureCode.OriginMismatch => "簽章所綁定的網站來源不符，為保護您的安全已拒絕此次驗證。",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "A failure code without a message."),
    };
}
