using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Secrets;

namespace Pipeline.Core.Configuration;

/// <summary>The settings of an environment as a person reads them: every leaf, secrets resolved but masked.</summary>
public static class ResolvedSettingsView
{
    public static IReadOnlyList<string> Lines(EnvironmentSettings settings, SecretResolver secrets) =>
        SettingsFlattener.Flatten(settings).Select(entry => entry.Secret is { } reference
            ? $"{entry.Path} = {MaskedSecret(reference, secrets)}"
            : $"{entry.Path} = {entry.Value}").ToList();

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
