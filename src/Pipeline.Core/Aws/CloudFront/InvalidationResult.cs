namespace Pipeline.Core.Aws.CloudFront;

/// <summary>What was invalidated, and CloudFront's last word on it.</summary>
public sealed record InvalidationResult(string DistributionId, Invalidation Invalidation, int ChangedPaths)
{
    /// <summary>True when wildcards stand in for the changed paths.</summary>
    public bool Collapsed => Invalidation.Paths.Any(p => p.EndsWith('*'));
}
