using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.IO;
using Spectre.Console.Cli;

namespace Cake.Frosting.Internal;

/// <summary>
/// Cake's settings as Cake reads them: the values given in code, then CAKE_ environment variables, cake.config
/// in the working directory and command-line arguments, each over the one before.
/// </summary>
internal sealed class FrostingConfiguration : ICakeConfiguration
{
    private readonly ICakeConfiguration configuration;

    public FrostingConfiguration(
        IEnumerable<FrostingConfigurationValue> values,
        IFileSystem fileSystem,
        ICakeEnvironment environment,
        IRemainingArguments remainingArguments)
    {
        var baseline = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            baseline[value.Key] = value.Value;
        }

        var arguments = remainingArguments.Parsed.ToDictionary(
            group => group.Key.TrimStart('-'),
            group => group.FirstOrDefault() ?? string.Empty,
            StringComparer.OrdinalIgnoreCase);
        configuration = new CakeConfigurationProvider(fileSystem, environment)
            .CreateConfiguration(environment.WorkingDirectory, baseline, arguments);
    }

    /// <inheritdoc/>
    public string GetValue(string key) => configuration.GetValue(key);
}
