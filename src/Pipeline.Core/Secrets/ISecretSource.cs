using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Secrets;

/// <summary>Looks up the value a secret reference points at.</summary>
public interface ISecretSource
{
    SecretSource Kind { get; }

    /// <summary>The value, or null when the source has none under <paramref name="name"/>.</summary>
    string? Find(string name);

    /// <summary>Where a person should put the value, for error messages.</summary>
    string Describe(string name);
}
