using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Secrets;

/// <summary>Secrets from environment variables of the process (CI secrets, a developer's shell).</summary>
public sealed class EnvironmentSecretSource(Func<string, string?>? read = null) : ISecretSource
{
    private readonly Func<string, string?> read = read ?? Environment.GetEnvironmentVariable;

    public SecretSource Kind => SecretSource.Env;

    public string? Find(string name)
    {
        var value = read(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public string Describe(string name) => $"the environment variable {name}";
}
