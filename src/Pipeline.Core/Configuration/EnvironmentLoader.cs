using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Configuration.Validation;

namespace Pipeline.Core.Configuration;

/// <summary>
/// Reads and validates an environment's file in one pass: syntax, shape and rules, every fault reported with the line
/// of its key. A syntax error stops the rest (there is no document to check); shape errors leave the rules checked on
/// what is well-shaped.
/// </summary>
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
        var check = Check(json, name, displayPath);
        return check.Errors.Count > 0 ? throw new ConfigurationException(check.Errors, check.NotChecked) : check.Settings!;
    }

    public static (EnvironmentSettings? Settings, IReadOnlyList<ConfigError> Errors) TryParse(string json, string name, string displayPath)
    {
        var check = Check(json, name, displayPath);
        return (check.Settings, check.Errors);
    }

    /// <summary>Every fault of the file, each with its key's line and column, and what could not be checked and why.</summary>
    public static ConfigCheck Check(string json, string name, string displayPath)
    {
        var (settings, shapeErrors) = TypedJsonFile.Parse<EnvironmentSettings>(json, displayPath);
        if (shapeErrors is [{ Found: TypedJsonFile.InvalidJson }])
        {
            return new ConfigCheck(null, shapeErrors, "The keys and the rules were not checked: the file is not well-formed JSON.");
        }

        string? notChecked = null;
        IReadOnlyList<ConfigError> ruleErrors = [];
        var model = shapeErrors.Count == 0 ? settings : LenientModel.Read<EnvironmentSettings>(json, shapeErrors.Select(e => e.JsonPath));
        if (model is null)
        {
            notChecked = "The rules were not checked: the key errors above leave nothing to check them on.";
        }
        else
        {
            try
            {
                ruleErrors = EnvironmentRules.Check(model, name, displayPath);
            }
            catch (Exception ex) when (shapeErrors.Count > 0 && ex is NullReferenceException or ArgumentException or InvalidOperationException or FormatException)
            {
                notChecked = "Some rules were not checked: they need the keys the errors above name.";
            }
        }

        var positions = JsonKeyPositions.Of(json);
        var errors = shapeErrors
            .Concat(ruleErrors.Where(r => !shapeErrors.Any(s => Overlaps(s.JsonPath, r.JsonPath))))
            .Select(e => positions.Find(e.JsonPath) is { } at ? e with { Line = at.Line, Column = at.Column } : e)
            .ToList();
        return new ConfigCheck(errors.Count == 0 ? model : null, errors, notChecked);
    }

    // A rule about a key the shape check already faulted (a missing port read as 0) says the same thing again.
    private static bool Overlaps(string shapePath, string rulePath) =>
        rulePath == shapePath || rulePath.StartsWith(shapePath + ".", StringComparison.Ordinal) || rulePath.StartsWith(shapePath + "[", StringComparison.Ordinal)
        || shapePath.StartsWith(rulePath + ".", StringComparison.Ordinal);
}
