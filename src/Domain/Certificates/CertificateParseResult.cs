using System.Diagnostics.CodeAnalysis;

namespace Domain.Certificates;

/// <summary>Why bytes could not be read as a certificate.</summary>
public enum CertificateParseError
{
    /// <summary>Nothing was given.</summary>
    Empty,

    /// <summary>Well-formed data of another kind (a key, a CRL, text, random bytes), or a PEM block with another label.</summary>
    NotACertificate,

    /// <summary>Starts like a certificate but the DER is truncated, has trailing bytes or broken contents.</summary>
    Malformed,

    /// <summary>An X.509 v1 or v2 certificate (or an unknown version): only v3 carries the extensions we need.</summary>
    UnsupportedVersion,

    /// <summary>An extension (key usage, key identifier, policies, directory attributes) is not encoded as its standard says.</summary>
    BadExtension,
}

/// <summary>The outcome of <see cref="CertificateParser.Parse"/>: the facts, or an error with a code and a zh-TW message.</summary>
/// <param name="Facts">The certificate's facts when it could be read.</param>
/// <param name="Error">Why it could not, otherwise.</param>
/// <param name="Detail">An English note for logs and tests on where reading stopped; never shown to users.</param>
public sealed record CertificateParseResult(CertificateFacts? Facts, CertificateParseError? Error, string? Detail)
{
    [MemberNotNullWhen(true, nameof(Facts))]
    [MemberNotNullWhen(false, nameof(Error), nameof(Code), nameof(Message))]
    public bool Succeeded => Facts is not null;

    /// <summary>A stable symbolic code: EMPTY, NOT_A_CERTIFICATE, MALFORMED, UNSUPPORTED_VERSION, BAD_EXTENSION.</summary>
    public string? Code => Error switch
    {
        CertificateParseError.Empty => "EMPTY",
        CertificateParseError.NotACertificate => "NOT_A_CERTIFICATE",
        CertificateParseError.Malformed => "MALFORMED",
        CertificateParseError.UnsupportedVersion => "UNSUPPORTED_VERSION",
        CertificateParseError.BadExtension => "BAD_EXTENSION",
        _ => null,
    };

    /// <summary>What the user is told, in zh-TW.</summary>
    public string? Message => Error switch
    {
        CertificateParseError.Empty => "沒有收到憑證內容，請重新讀取卡片。",
        CertificateParseError.NotACertificate => "收到的資料不是 X.509 憑證，請確認讀取的是憑證卡片。",
        CertificateParseError.Malformed => "憑證內容不完整或已損壞，無法解讀，請重新讀取卡片。",
        CertificateParseError.UnsupportedVersion => "此憑證版本不受支援，僅接受 X.509 第 3 版憑證。",
        CertificateParseError.BadExtension => "憑證的延伸欄位編碼不正確，無法解讀。",
        _ => null,
    };

    internal static CertificateParseResult Success(CertificateFacts facts) => new(facts, null, null);

    internal static CertificateParseResult Failure(CertificateParseError error, string detail) => new(null, error, detail);
}
