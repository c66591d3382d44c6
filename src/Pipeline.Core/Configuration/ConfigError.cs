namespace Pipeline.Core.Configuration;

/// <summary>One fault in a configuration file: where it is, what was found and what was expected.</summary>
public sealed record ConfigError(string File, string JsonPath, string Found, string Expected)
{
    /// <summary>The 1-based line of the key in <see cref="File"/> (of its object when the key is missing), when known.</summary>
    public int? Line { get; init; }

    /// <summary>The 1-based column of the key, when known.</summary>
    public int? Column { get; init; }

    public override string ToString() =>
        $"{File}: {JsonPath}: found {Found}; expected {Expected}" + (Line is { } line && JsonPath.StartsWith('$') ? $" (line {line})" : string.Empty);
}
