namespace Pipeline.Core.Aws.CloudFront;

/// <summary>
/// Chooses the paths of one invalidation for a set of changed live paths: exactly those paths while there are few,
/// one wildcard per top-level directory above <see cref="InvalidationOptions.CollapseAbove"/>, and "/*" when even
/// that would be too many. Stays within CloudFront's in-progress limits per distribution: 3,000 paths, or 15 wildcard paths.
/// </summary>
public static class InvalidationPlanner
{
    /// <summary>CloudFront's limit on paths in progress per distribution.</summary>
    public const int MaxPaths = 3000;

    /// <summary>CloudFront's limit on wildcard paths in progress per distribution.</summary>
    public const int MaxWildcardPaths = 15;

    public const string Everything = "/*";

    /// <summary>The encoded invalidation paths, in ordinal order; empty when nothing changed.</summary>
    public static IReadOnlyList<string> Plan(IEnumerable<string> changedPaths, int collapseAbove)
    {
        ArgumentNullException.ThrowIfNull(changedPaths);
        if (collapseAbove is < 1 or > MaxPaths)
        {
            throw new ArgumentOutOfRangeException(
                nameof(collapseAbove), collapseAbove, $"The collapse threshold is {collapseAbove}; expected 1 to {MaxPaths}, CloudFront's limit on paths in progress.");
        }

        var exact = changedPaths.Select(CloudFrontPath.Encode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (exact.Count <= collapseAbove)
        {
            return exact;
        }

        // Files at the root keep their own path; everything below a top-level directory goes under its wildcard.
        var collapsed = exact
            .Select(path => path.IndexOf('/', 1) is var slash and > 0 ? path[..(slash + 1)] + "*" : path)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        // With wildcards in the batch the tighter limit applies to all of its paths.
        return collapsed.Count <= Math.Min(collapseAbove, MaxWildcardPaths) ? collapsed : [Everything];
    }
}
