namespace ReadModels.Registration;

/// <summary>Instants as the registration tables store them: microseconds since the Unix epoch, UTC.</summary>
public static class RegistrationTime
{
    public static long Microseconds(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicroseconds(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);
}
