using System.Text.RegularExpressions;

namespace Trading.App.Settings;

/// <summary>
/// Resolves a secret the settings hold as a reference, the way the pipeline writes them: "env:NAME" is the
/// app's environment variable NAME. "store:name" lives in the pipeline's secret store, which the app cannot
/// read. Messages name the setting and the reference, never the secret.
/// </summary>
public static partial class SecretReference
{
    private const string EnvPrefix = "env:";
    private const string StorePrefix = "store:";

    /// <summary>
    /// The value <paramref name="reference"/> (the text of setting <paramref name="key"/>) refers to, looked up
    /// with <paramref name="environment"/>; null after adding to <paramref name="problems"/> when it cannot be resolved.
    /// </summary>
    public static string? Resolve(string key, string? reference, Func<string, string?> environment, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(problems);
        if (string.IsNullOrWhiteSpace(reference))
        {
            problems.Add($"{key} is missing; expected a reference to an environment variable, \"env:NAME\"");
            return null;
        }

        if (reference.StartsWith(StorePrefix, StringComparison.Ordinal))
        {
            problems.Add(
                $"{key} is \"{reference}\", a secret-store reference the app cannot resolve where it runs; "
                + "keep the secret in an environment variable of the app and refer to it as \"env:NAME\"");
            return null;
        }

        if (!reference.StartsWith(EnvPrefix, StringComparison.Ordinal))
        {
            // Not a reference, so possibly the secret itself: it is not repeated here.
            problems.Add($"{key} is not a secret reference (its value is not shown); expected \"env:NAME\", naming the environment variable that holds it");
            return null;
        }

        var name = reference[EnvPrefix.Length..];
        if (!VariableName().IsMatch(name))
        {
            problems.Add($"{key} is \"{reference}\"; \"{name}\" is not an environment variable name (letters, digits and '_', not starting with a digit)");
            return null;
        }

        var value = environment(name);
        if (string.IsNullOrEmpty(value))
        {
            problems.Add($"{key} refers to the environment variable {name}, which is {(value is null ? "not set" : "empty")} in the app's environment; set it where the app runs");
            return null;
        }

        return value;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
