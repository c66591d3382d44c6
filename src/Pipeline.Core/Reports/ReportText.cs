using System.Globalization;

namespace Pipeline.Core.Reports;

/// <summary>How reports write times and durations, the same in Markdown and HTML.</summary>
internal static class ReportText
{
    public static string Duration(TimeSpan duration) =>
        duration.TotalSeconds < 60
            ? duration.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture)
            : duration.TotalHours < 1
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes} min {duration.Seconds} s")
                : duration.TotalDays < 2
                    ? duration.TotalHours.ToString("0.0 'h'", CultureInfo.InvariantCulture)
                    : duration.TotalDays.ToString("0.0 'days'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "-";

    public static string Offset(TimeSpan at) => "+" + at.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture);
}
