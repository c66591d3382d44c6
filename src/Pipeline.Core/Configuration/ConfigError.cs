namespace Pipeline.Core.Configuration;

/// <summary>One fault in a configuration file: where it is, what was found and what was expected.</summary>
public sealed record ConfigError(string File, string JsonPath, string Found, string Expected)
{
    public override string ToString() => $"{File}: {JsonPath}: found {Found}; expected {Expected}";
}
