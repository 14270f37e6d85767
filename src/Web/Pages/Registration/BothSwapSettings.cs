using System.Globalization;

namespace Web.Pages.Registration;

/// <summary>
/// <c>Registration:BothCardsSwapCoolingOff</c>: how long a both-cards swap waits before it takes effect, so that the
/// previous manager and the agency's contact can object to a reviewer. Default 5 days: a request made on a Friday
/// evening before a three-day holiday still leaves a working day to react.
/// </summary>
public sealed record BothSwapSettings(TimeSpan CoolingOff)
{
    public const string CoolingOffKey = "Registration:BothCardsSwapCoolingOff";

    public static readonly TimeSpan DefaultCoolingOff = TimeSpan.FromDays(5);

    /// <summary>The longest period accepted: beyond it a legitimate swap waits longer than a card can stay unused.</summary>
    public static readonly TimeSpan MaxCoolingOff = TimeSpan.FromDays(30);

    /// <summary>The configured period; unset means the default, anything but a time span from one minute to 30 days stops the start.</summary>
    public static BothSwapSettings From(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
            return new BothSwapSettings(DefaultCoolingOff);
        if (TimeSpan.TryParse(configured, CultureInfo.InvariantCulture, out var period) && period >= TimeSpan.FromMinutes(1) && period <= MaxCoolingOff)
            return new BothSwapSettings(period);
        throw new InvalidOperationException(
            $"{CoolingOffKey} must be a time span from 00:01:00 to 30.00:00:00 (default 5.00:00:00, five days), not '{configured}'");
    }
}
