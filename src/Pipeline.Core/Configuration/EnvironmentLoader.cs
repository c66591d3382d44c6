using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Configuration.Validation;

namespace Pipeline.Core.Configuration;

/// <summary>Reads and validates an environment's file: syntax, then shape, then rules; every fault is reported.</summary>
public sealed class EnvironmentLoader(EnvironmentCatalog catalog)
{
    public EnvironmentCatalog Catalog { get; } = catalog;

    /// <summary>Loads <paramref name="name"/>, or throws <see cref="ConfigurationException"/> listing every fault.</summary>
    public EnvironmentSettings Load(string name)
    {
        var path = Catalog.RequireFile(name);
        return Parse(File.ReadAllText(path), name, path);
    }

    /// <summary>Validates JSON text as the environment <paramref name="name"/> would be loaded from <paramref name="displayPath"/>.</summary>
    public static EnvironmentSettings Parse(string json, string name, string displayPath)
    {
        var (settings, errors) = TryParse(json, name, displayPath);
        return errors.Count > 0 ? throw new ConfigurationException(errors) : settings!;
    }

    public static (EnvironmentSettings? Settings, IReadOnlyList<ConfigError> Errors) TryParse(string json, string name, string displayPath)
    {
        var (settings, errors) = TypedJsonFile.Parse<EnvironmentSettings>(json, displayPath);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var ruleErrors = EnvironmentRules.Check(settings!, name, displayPath);
        return ruleErrors.Count > 0 ? (null, ruleErrors) : (settings, []);
    }
}
