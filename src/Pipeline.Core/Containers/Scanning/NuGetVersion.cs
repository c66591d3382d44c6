using System.Globalization;

namespace Pipeline.Core.Containers.Scanning;

/// <summary>Orders NuGet (SemVer 2) versions: numeric parts, then a release above its pre-releases.</summary>
public static class NuGetVersion
{
    public static int Compare(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var (leftNumbers, leftLabel) = Split(left);
        var (rightNumbers, rightLabel) = Split(right);
        for (var i = 0; i < Math.Max(leftNumbers.Length, rightNumbers.Length); i++)
        {
            var order = (i < leftNumbers.Length ? leftNumbers[i] : 0).CompareTo(i < rightNumbers.Length ? rightNumbers[i] : 0);
            if (order != 0)
            {
                return order;
            }
        }

        return (leftLabel, rightLabel) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => string.Compare(leftLabel, rightLabel, StringComparison.OrdinalIgnoreCase),
        };
    }

    private static (long[] Numbers, string? Label) Split(string version)
    {
        var withoutMetadata = version.Split('+')[0];
        var dash = withoutMetadata.IndexOf('-', StringComparison.Ordinal);
        var numbers = (dash >= 0 ? withoutMetadata[..dash] : withoutMetadata).Split('.')
            .Select(part => long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .ToArray();
        return (numbers, dash >= 0 ? withoutMetadata[(dash + 1)..] : null);
    }
}
