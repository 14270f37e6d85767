namespace ReadModels.People;

/// <summary>Instants in the sign-in and eCPA read models: microseconds since 1970-01-01 UTC, as the store counts them.</summary>
internal static class UnixMicros
{
    public static long Of(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset At(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
}
