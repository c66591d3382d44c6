using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Secrets;

/// <summary>Turns a secret reference into its value at the point of use, and registers the value for masking.</summary>
public sealed class SecretResolver(IEnumerable<ISecretSource> sources, SecretMasker masker)
{
    private readonly Dictionary<SecretSource, ISecretSource> sources = sources.ToDictionary(s => s.Kind);

    public SecretMasker Masker { get; } = masker;

    /// <summary>The value, or null when it is not set; never throws for a missing value.</summary>
    public string? TryResolve(SecretReference reference)
    {
        var value = Source(reference).Find(reference.Name);
        if (value is not null)
        {
            Masker.Add(value);
        }

        return value;
    }

    /// <summary>The value; a clear error naming the reference and where to set it when there is none.</summary>
    public string Resolve(SecretReference reference, string usedFor)
    {
        var value = TryResolve(reference)
            ?? throw new SecretException($"{usedFor}: the secret {reference} is not set; set {Source(reference).Describe(reference.Name)}.");
        return value.Length < SecretMasker.MinimumLength
            ? throw new SecretException($"{usedFor}: the secret {reference} is shorter than {SecretMasker.MinimumLength} characters, too short to be masked in output.")
            : value;
    }

    public string Describe(SecretReference reference) => Source(reference).Describe(reference.Name);

    private ISecretSource Source(SecretReference reference) =>
        sources.TryGetValue(reference.Source, out var source)
            ? source
            : throw new SecretException($"No secret source is configured for {reference}.");
}
