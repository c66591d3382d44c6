using System.Text.Json;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Secrets;

/// <summary>
/// A secret store kept as a JSON object of name to value in a file outside the repository
/// (PIPELINE_SECRET_STORE, default ~/.pipeline/secrets.json). The file must be readable by its owner only.
/// </summary>
public sealed class FileSecretStore(string path) : ISecretSource
{
    public const string PathVariable = "PIPELINE_SECRET_STORE";

    private Dictionary<string, string>? entries;

    public static string DefaultPath =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pipeline", "secrets.json");

    public string Path { get; } = path;

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

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(Path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            throw new SecretException($"{Path}: the secret store is readable by other users; expected mode 600 (chmod 600 {Path}).");
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
