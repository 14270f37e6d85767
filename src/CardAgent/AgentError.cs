namespace CardAgent;

/// <summary>The symbolic error codes of agent API v1 (docs/architecture.md); the JSON carries the upper-case name.</summary>
public enum AgentErrorCode
{
    BAD_REQUEST,
    ORIGIN_NOT_ALLOWED,
    NO_READER,
    NO_CARD,
    CARD_REMOVED,
    UNSUPPORTED_CARD,
    PIN_INCORRECT,
    PIN_BLOCKED,
    PIN_FORMAT,
    READER_BUSY,
    TIMEOUT,
}

/// <summary>An error the user can act on: a code, a zh-TW message and, for a wrong PIN, the tries left.</summary>
public sealed record AgentError(AgentErrorCode Code, string Message, int? TriesLeft = null, string? Issuer = null)
{
    /// <summary>The HTTP status each code is answered with (the table in docs/card-agent.md).</summary>
    public int HttpStatus => Code switch
    {
        AgentErrorCode.BAD_REQUEST => 400,
        AgentErrorCode.PIN_INCORRECT => 401,
        AgentErrorCode.ORIGIN_NOT_ALLOWED => 403,
        AgentErrorCode.NO_READER => 404,
        AgentErrorCode.NO_CARD => 409,
        AgentErrorCode.CARD_REMOVED => 409,
        AgentErrorCode.READER_BUSY => 409,
        AgentErrorCode.UNSUPPORTED_CARD => 422,
        AgentErrorCode.PIN_FORMAT => 422,
        AgentErrorCode.PIN_BLOCKED => 423,
        AgentErrorCode.TIMEOUT => 504,
        _ => 500,
    };

    public static AgentError BadRequest(string message) => new(AgentErrorCode.BAD_REQUEST, message);

    public static AgentError OriginNotAllowed() => new(AgentErrorCode.ORIGIN_NOT_ALLOWED, "此網站未獲准使用本機讀卡程式。");

    public static AgentError NoReader(string? reader = null) => new(AgentErrorCode.NO_READER,
        reader is null ? "找不到讀卡機，請確認讀卡機已連接。" : $"找不到讀卡機「{reader}」，請確認讀卡機已連接。");

    public static AgentError ReaderServiceDown() => new(AgentErrorCode.NO_READER, "無法使用讀卡機服務（PC/SC），請確認讀卡機服務已啟動。");

    public static AgentError NoCard() => new(AgentErrorCode.NO_CARD, "讀卡機中沒有卡片，請插入 IC 卡。");

    public static AgentError CardRemoved() => new(AgentErrorCode.CARD_REMOVED, "作業進行中卡片被取出，請重新插入 IC 卡後再試一次。");

    public static AgentError UnsupportedCard() => new(AgentErrorCode.UNSUPPORTED_CARD, "無法辨識此卡片，請插入自然人憑證或機關憑證 IC 卡。");

    public static AgentError PinIncorrect(int? triesLeft) => new(AgentErrorCode.PIN_INCORRECT,
        triesLeft is { } n ? $"PIN 碼錯誤，還可再試 {n} 次；連續錯誤 3 次將鎖卡。" : "PIN 碼錯誤；連續錯誤 3 次將鎖卡。", triesLeft);

    public static AgentError PinBlocked() => new(AgentErrorCode.PIN_BLOCKED,
        "PIN 碼已連續錯誤 3 次，卡片已鎖住。自然人憑證請至內政部憑證管理中心解鎖；機關憑證請洽所屬憑證管理中心。", 0);

    public static AgentError PinFormat(string rule) => new(AgentErrorCode.PIN_FORMAT, rule);

    public static AgentError ReaderBusy() => new(AgentErrorCode.READER_BUSY, "讀卡機正由其他作業使用中，請稍候再試。");

    public static AgentError Timeout() => new(AgentErrorCode.TIMEOUT, "卡片沒有回應，作業逾時，請重新插入 IC 卡後再試一次。");
}

/// <summary>Either a value or an <see cref="AgentError"/>: how every card step reports what happened.</summary>
public readonly struct AgentResult<T>
{
    private readonly T? value;

    private AgentResult(T? value, AgentError? error)
    {
        this.value = value;
        Error = error;
    }

    /// <summary>The error, when the step failed.</summary>
    public AgentError? Error { get; }

    /// <summary>True when the step produced a value.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>The value; only read it after checking <see cref="IsSuccess"/>.</summary>
    public T Value => Error is null ? value! : throw new InvalidOperationException($"no value: {Error.Code}");

    public static implicit operator AgentResult<T>(T value) => new(value, null);

    public static implicit operator AgentResult<T>(AgentError error) => new(default, error);

    /// <summary>Carries the same error into a result of another type.</summary>
    public AgentResult<TOther> Then<TOther>(Func<T, AgentResult<TOther>> next) => Error is null ? next(value!) : Error;
}
