namespace Pipeline.Core.Targets;

/// <summary>A target whose app keeps its data in a directory this machine can reach: where a SQLite database lives.</summary>
public interface ITargetWithDataDirectory : IDeployTarget
{
    string DataDirectory { get; }
}
