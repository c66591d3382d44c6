using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Analysis;

/// <summary>Durations as configuration writes them: "1500ms", "60s", "5m", "1h".</summary>
public static partial class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text ?? string.Empty);
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        duration = match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            _ => TimeSpan.FromHours(n),
        };
        return true;
    }

    public static TimeSpan Parse(string? text) =>
        TryParse(text, out var duration) ? duration : throw new FormatException($"\"{text}\" is not a duration; expected a number and ms, s, m or h, e.g. \"60s\".");

    /// <summary>The shortest exact text <see cref="Parse"/> reads back: "1h", "15m", "90s", "1500ms".</summary>
    public static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerHour == 0 && duration > TimeSpan.Zero ? $"{duration.TotalHours.ToString(CultureInfo.InvariantCulture)}h"
        : duration.Ticks % TimeSpan.TicksPerMinute == 0 && duration > TimeSpan.Zero ? $"{duration.TotalMinutes.ToString(CultureInfo.InvariantCulture)}m"
        : duration.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"
        : $"{duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?)(?<unit>ms|s|m|h)$")]
    private static partial Regex Pattern();
}
