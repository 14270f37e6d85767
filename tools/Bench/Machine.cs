namespace Bench;

/// <summary>What a result line says about the machine it was measured on.</summary>
internal static class Machine
{
    /// <summary>The 1-minute load average now: other work on the shared machine shows here ("n/a" off Linux).</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
