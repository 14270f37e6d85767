using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using EventStore.SecurityLog;
using Web.Authentication;

namespace Web.SecurityLog;

/// <summary>The kinds of security events, one code each (stored), with the zh-TW name the auditor's page shows.</summary>
public static class SecurityEventKinds
{
    public const string SignInSucceeded = "sign-in-succeeded";
    public const string SignInFailed = "sign-in-failed";
    public const string CardStepFailed = "card-step-failed";
    public const string PersonalDataSearch = "personal-data-search";
    public const string Export = "export";
    public const string StaffAccountChanged = "staff-account-changed";
    public const string ImportRequested = "import-requested";
    public const string ImportApproved = "import-approved";
    public const string ImportRefused = "import-refused";

    public static IReadOnlyList<string> All { get; } =
        [SignInSucceeded, SignInFailed, CardStepFailed, PersonalDataSearch, Export, StaffAccountChanged, ImportRequested, ImportApproved, ImportRefused];

    public static string Title(string kind) => kind switch
    {
        SignInSucceeded => "登入成功",
        SignInFailed => "登入失敗",
        CardStepFailed => "卡片驗證未通過",
        PersonalDataSearch => "查詢個人資料",
        Export => "匯出資料",
        StaffAccountChanged => "工作人員帳號異動",
        ImportRequested => "申請匯入",
        ImportApproved => "核准匯入",
        ImportRefused => "匯入遭拒",
        _ => kind,
    };

    /// <summary>The sign-in methods in zh-TW.</summary>
    public static string MethodTitle(string? method) => method switch
    {
        null or "" => "",
        SignInMethods.Password => "帳號密碼",
        SignInMethods.CitizenCard => "自然人憑證",
        SignInMethods.OrganisationCard => "機關憑證",
        SignInMethods.PasswordAndCitizenCard => "帳號密碼＋自然人憑證",
        _ => method,
    };
}

/// <summary>
/// Writes security events to <see cref="ISecurityLog"/> with what the request says about them: the signed-in subject
/// (unless the event names its own), the client address (after the configured proxies' forwarded headers), the trace
/// id the error page shows, and the time. Every text is cleaned first (<see cref="SecurityLogText"/>): a national ID
/// is masked, nothing is longer than a log needs. A log that cannot be written is reported in the application log
/// and does not fail the user's request.
/// </summary>
public sealed partial class SecurityEvents(ISecurityLog log, TimeProvider time, ILogger<SecurityEvents> logger)
{
    /// <summary>Records one event of <paramref name="kind"/> (<see cref="SecurityEventKinds"/>).</summary>
    /// <param name="subject">Who acted when the session does not say it (a failed sign-in's typed account); masked.</param>
    public void Record(HttpContext context, string kind, string? subject = null, string? method = null, string? code = null, string? target = null, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entry = new SecurityLogEntry(
            time.GetUtcNow(),
            kind,
            SecurityLogText.Clean(subject ?? SignedInUser.From(context.User)?.Subject, 120) ?? "-",
            AddressOf(context),
            Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier,
            SecurityLogText.Clean(method, 40),
            SecurityLogText.Clean(code, 80),
            SecurityLogText.Clean(target, 120),
            SecurityLogText.Clean(detail, 400));
        try
        {
            log.Write(entry);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            LogNotWritten(logger, kind, e);
        }
    }

    /// <summary>The client address as the forwarded-headers middleware left it (the proxy's client, when the proxy is a configured one).</summary>
    public static string AddressOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : "unknown";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A security event ({Kind}) could not be written to the security log")]
    private static partial void LogNotWritten(ILogger logger, string kind, Exception exception);
}

/// <summary>What may go into the security log: a national ID at most masked (A12****789), short texts.</summary>
public static partial class SecurityLogText
{
    /// <summary>
    /// The text with every national-ID-shaped run (a letter and nine digits, valid or not, any case, not inside a longer
    /// run of letters and digits such as a job's hex id) masked as A12****789, control characters dropped, cut to
    /// <paramref name="max"/> characters; null for a blank text.
    /// </summary>
    public static string? Clean(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var masked = NationalIdShape().Replace(text.Trim(), m => string.Concat(m.Value.AsSpan(0, 3).ToString().ToUpperInvariant(), "****", m.Value.AsSpan(7)));
        var printable = new string(masked.Where(c => !char.IsControl(c)).ToArray());
        return printable.Length <= max ? printable : printable[..max] + "…";
    }

    /// <summary>A typed national ID as the log shows it: masked when it has the shape of one, otherwise only that it was not one.</summary>
    public static string? Person(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
            return null;
        var trimmed = typed.Trim();
        return NationalIdShape().IsMatch(trimmed) && trimmed.Length == 10 ? Clean(trimmed, 10) : "（輸入的不是身分證統一編號）";
    }

    // Not preceded by a letter or digit: "e501342210" inside import:7200743e501342210c05… is part of an id we made.
    [GeneratedRegex("(?<![0-9A-Za-z])[A-Za-z][0-9]{9}")]
    private static partial Regex NationalIdShape();
}
