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

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?)(?<unit>ms|s|m|h)$")]
    private static partial Regex Pattern();
}
