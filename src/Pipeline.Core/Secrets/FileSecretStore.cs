using System.Text.Json;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Secrets;

/// <summary>
/// A secret store kept as a JSON object of name to value in a file outside the repository
/// (PIPELINE_SECRET_STORE, default ~/.pipeline/secrets.json). The file must belong to the user running the
/// pipeline and be readable and writable by that user only (mode 600); any other store is refused.
/// </summary>
public sealed class FileSecretStore : ISecretSource
{
    public const string PathVariable = "PIPELINE_SECRET_STORE";

    private readonly Func<uint> currentUser;

    private Dictionary<string, string>? entries;

    /// <summary>The store in <paramref name="path"/>; it is read, and its permissions checked, on first use.</summary>
    public FileSecretStore(string path)
        : this(path, UnixFileOwner.CurrentUser)
    {
    }

    /// <summary>As the public constructor, with the user the pipeline runs as given (tests stand in for another user).</summary>
    internal FileSecretStore(string path, Func<uint> currentUser)
    {
        Path = path;
        this.currentUser = currentUser;
    }

    public static string DefaultPath =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pipeline", "secrets.json");

    public string Path { get; }

    public SecretSource Kind => SecretSource.Store;

    public string? Find(string name) => Load().GetValueOrDefault(name);

    public string Describe(string name) => $"the entry \"{name}\" of the secret store {Path}";

    private Dictionary<string, string> Load()
    {
        if (entries is not null)
        {
            return entries;
        }

        if (!File.Exists(Path))
        {
            return entries = [];
        }

        if (SecretStoreFileCheck.Problem(Path, currentUser) is { } problem)
        {
            throw new SecretException(problem);
        }

        try
        {
            return entries = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path)) ?? [];
        }
        catch (JsonException ex)
        {
            throw new SecretException($"{Path}: line {(ex.LineNumber ?? 0) + 1}: the secret store is not a JSON object of names to string values.");
        }
    }
}
