using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Secrets;

namespace Pipeline.Core.Configuration;

/// <summary>The settings of an environment as a person reads them: every leaf, secrets resolved but masked.</summary>
public static class ResolvedSettingsView
{
    public static IReadOnlyList<string> Lines(EnvironmentSettings settings, SecretResolver secrets) =>
        Entries(settings, secrets).Select(entry => $"{entry.Key} = {entry.Value}").ToList();

    /// <summary>Every leaf by its path, in the file's order: the value, or for a secret the masked view of it.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Entries(EnvironmentSettings settings, SecretResolver secrets) =>
        SettingsFlattener.Flatten(settings).Select(entry => KeyValuePair.Create(
            entry.Path, entry.Secret is { } reference ? MaskedSecret(reference, secrets) : entry.Value)).ToList();

    private static string MaskedSecret(SecretReference reference, SecretResolver secrets)
    {
        try
        {
            return secrets.TryResolve(reference) is null
                ? $"(not set: {reference}, from {secrets.Describe(reference)})"
                : $"{SecretMasker.Mask} ({reference}, set)";
        }
        catch (SecretException ex)
        {
            return $"(unavailable: {reference}: {ex.Message})";
        }
    }
}
