namespace Pipeline.Core.Aws.CloudFront;

/// <summary>One CloudFront invalidation as CloudFront reports it.</summary>
public sealed record Invalidation(string Id, string Status, string CallerReference, IReadOnlyList<string> Paths)
{
    public const string InProgress = "InProgress";

    public const string Completed = "Completed";

    public bool IsCompleted => Status == Completed;
}
