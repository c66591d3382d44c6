namespace Pipeline.Core.Deployment;

/// <summary>What a deploy does when its targets run different versions, or one differs from the recorded history.</summary>
public enum DriftPolicy
{
    /// <summary>Stop before anything changes, naming the targets that differ (the default).</summary>
    Refuse,

    /// <summary>Go on and move every target to the version being deployed.</summary>
    Converge,
}
