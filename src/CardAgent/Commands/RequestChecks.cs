using CardAgent.Cards;

namespace CardAgent.Commands;

/// <summary>The request field rules every command shares; each returns null when the value is acceptable.</summary>
public static class RequestChecks
{
    public const int MaxReaderNameLength = 256;

    public static AgentError? Reader(string? reader) =>
        string.IsNullOrWhiteSpace(reader) || reader.Length > MaxReaderNameLength
            ? AgentError.BadRequest("請選擇讀卡機。")
            : null;

    public static AgentError? Key(string? key) =>
        key is null || CardProfile.Slot(key) is not null ? null : AgentError.BadRequest("不支援的金鑰種類。");

    /// <summary>The server's challenge: base64url of 16–128 random bytes (the server issues 32).</summary>
    public static AgentError? Challenge(string? challenge)
    {
        if (string.IsNullOrEmpty(challenge) || challenge.Length is < 22 or > 171)
            return AgentError.BadRequest("驗證挑戰值的格式不正確，請重新整理頁面後再試。");
        foreach (var c in challenge)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                return AgentError.BadRequest("驗證挑戰值的格式不正確，請重新整理頁面後再試。");
        }
        return null;
    }

    /// <summary>An origin exactly as browsers send it: scheme://host[:port], nothing more.</summary>
    public static bool IsSerializedOrigin(string? origin)
    {
        if (string.IsNullOrEmpty(origin) || origin == "null")
            return false;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return false;
        return origin == uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
    }
}
