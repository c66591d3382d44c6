namespace Pipeline.Core.Configuration;

/// <summary>Configuration that cannot be used; carries every fault found, not only the first.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(IReadOnlyList<ConfigError> errors)
        : this(errors, null)
    {
    }

    /// <summary>Every fault found, and what could not be checked because of them (<paramref name="notChecked"/>).</summary>
    public ConfigurationException(IReadOnlyList<ConfigError> errors, string? notChecked)
        : base(Describe(errors) + (notChecked is null ? string.Empty : Environment.NewLine + notChecked))
    {
        Errors = errors;
    }

    public ConfigurationException(string message)
        : base(message)
    {
        Errors = [];
    }

    public ConfigurationException()
        : this("The configuration is not valid.")
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<ConfigError> Errors { get; }

    private static string Describe(IReadOnlyList<ConfigError> errors) =>
        $"{errors.Count} configuration error(s):{Environment.NewLine}"
        + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
