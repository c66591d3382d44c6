namespace Pipeline.Core.Containers.Scanning;

/// <summary>How bad a vulnerability is, as its advisory rates it (CVSS bands).</summary>
public enum Severity
{
    Low,
    Medium,
    High,
    Critical,
}
