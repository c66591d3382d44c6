namespace Pipeline.Core.Configuration;

/// <summary>Where the environment of a run came from.</summary>
public enum EnvironmentSource
{
    /// <summary>--env on the command line.</summary>
    CommandLine,

    /// <summary>The default a previous ConfigUse wrote.</summary>
    ConfigUse,

    /// <summary>Neither: development.</summary>
    Fallback,
}

/// <summary>The environment a run uses and where that choice came from.</summary>
public sealed record EnvironmentChoice(string Name, EnvironmentSource Source, string DefaultFile)
{
    public bool IsProduction => string.Equals(Name, Validation.EnvironmentRules.Production, StringComparison.OrdinalIgnoreCase);

    public string Origin => Source switch
    {
        EnvironmentSource.CommandLine => "from --env",
        EnvironmentSource.ConfigUse => $"from ConfigUse, kept in {DefaultFile}",
        _ => $"the default: no --env given and no ConfigUse default set",
    };

    /// <summary>
    /// What a run prints first: one line, or for production a banner nobody reads past by mistake.
    /// </summary>
    public IReadOnlyList<string> Banner()
    {
        if (!IsProduction)
        {
            return [$"Environment: {Name} ({Origin})"];
        }

        var rule = new string('=', 78);
        return
        [
            rule,
            $"==  ENVIRONMENT: {Name.ToUpperInvariant()}  ({Origin})",
            "==  This run acts on the live trading environment.",
            rule,
        ];
    }
}
