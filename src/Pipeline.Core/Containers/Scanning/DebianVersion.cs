namespace Pipeline.Core.Containers.Scanning;

/// <summary>Orders Debian versions ([epoch:]upstream[-revision]) as dpkg does, '~' sorting before anything, even the end.</summary>
public static class DebianVersion
{
    public static int Compare(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var (leftEpoch, leftUpstream, leftRevision) = Split(left);
        var (rightEpoch, rightUpstream, rightRevision) = Split(right);
        var epoch = leftEpoch.CompareTo(rightEpoch);
        if (epoch != 0)
        {
            return epoch;
        }

        var upstream = ComparePart(leftUpstream, rightUpstream);
        return upstream != 0 ? upstream : ComparePart(leftRevision, rightRevision);
    }

    private static (long Epoch, string Upstream, string Revision) Split(string version)
    {
        var colon = version.IndexOf(':', StringComparison.Ordinal);
        var epoch = colon > 0 ? long.Parse(version[..colon], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var rest = colon > 0 ? version[(colon + 1)..] : version;
        var dash = rest.LastIndexOf('-');
        return dash > 0 ? (epoch, rest[..dash], rest[(dash + 1)..]) : (epoch, rest, "0");
    }

    private static int ComparePart(string left, string right)
    {
        int i = 0, j = 0;
        while (i < left.Length || j < right.Length)
        {
            var firstDifference = 0;
            while ((i < left.Length && !char.IsAsciiDigit(left[i])) || (j < right.Length && !char.IsAsciiDigit(right[j])))
            {
                var l = i < left.Length && !char.IsAsciiDigit(left[i]) ? Order(left[i]) : 0;
                var r = j < right.Length && !char.IsAsciiDigit(right[j]) ? Order(right[j]) : 0;
                if (l != r)
                {
                    return l - r;
                }

                i++;
                j++;
            }

            while (i < left.Length && left[i] == '0')
            {
                i++;
            }

            while (j < right.Length && right[j] == '0')
            {
                j++;
            }

            while (i < left.Length && char.IsAsciiDigit(left[i]) && j < right.Length && char.IsAsciiDigit(right[j]))
            {
                if (firstDifference == 0)
                {
                    firstDifference = left[i] - right[j];
                }

                i++;
                j++;
            }

            if (i < left.Length && char.IsAsciiDigit(left[i]))
            {
                return 1;
            }

            if (j < right.Length && char.IsAsciiDigit(right[j]))
            {
                return -1;
            }

            if (firstDifference != 0)
            {
                return firstDifference;
            }
        }

        return 0;
    }

    // dpkg's order of a non-digit: '~' first (below the end of the string), then letters, then the rest.
    private static int Order(char c) => c == '~' ? -1 : char.IsAsciiLetter(c) ? c : c + 256;
}
