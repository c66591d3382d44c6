using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipeline.Core.Configuration;

/// <summary>
/// Snapshots of an environment's configuration file, each with a manifest and a SHA-256 digest.
/// A restore verifies the digest and validates the content before it writes, and snapshots the
/// current file first, so a restore can itself be undone.
/// </summary>
public sealed class ConfigBackupStore(string root, EnvironmentCatalog catalog, TimeProvider? clock = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public string Root { get; } = root;

    public ConfigBackup Backup(string environment, string reason)
    {
        var source = catalog.RequireFile(environment);
        var content = File.ReadAllBytes(source);
        var digest = Convert.ToHexStringLower(SHA256.HashData(content));
        var now = clock.GetUtcNow();
        var id = $"{now:yyyyMMdd-HHmmss-fff}-{digest[..8]}";
        var backup = new ConfigBackup(id, environment, now, Who(), reason, digest, content.Length);

        var directory = DirectoryOf(environment);
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(ContentPath(environment, id), content);
        AtomicFile.WriteAllText(ManifestPath(environment, id), JsonSerializer.Serialize(backup, ConfigJson.Options));
        return backup;
    }

    public IReadOnlyList<ConfigBackup> List(string environment)
    {
        var directory = DirectoryOf(environment);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.GetFiles(directory, "*.manifest.json")
            .Select(path => JsonSerializer.Deserialize<ConfigBackup>(File.ReadAllText(path), ConfigJson.Options)!)
            .OrderByDescending(b => b.CreatedAt)
            .ToList();
    }

    /// <summary>Restores backup <paramref name="id"/> over the environment's file; returns the safety backup taken first.</summary>
    public ConfigBackup Restore(string environment, string id)
    {
        var manifestPath = ManifestPath(environment, id);
        if (!File.Exists(manifestPath))
        {
            var known = List(environment).Select(b => b.Id).ToList();
            throw new ConfigurationException(
                $"--backup: no backup \"{id}\" of {environment} in {DirectoryOf(environment)}; "
                + (known.Count > 0 ? $"expected one of: {string.Join(", ", known)}." : "there are no backups of this environment."));
        }

        var manifest = JsonSerializer.Deserialize<ConfigBackup>(File.ReadAllText(manifestPath), ConfigJson.Options)!;
        var contentPath = ContentPath(environment, id);
        var content = File.Exists(contentPath) ? File.ReadAllBytes(contentPath) : [];
        var digest = Convert.ToHexStringLower(SHA256.HashData(content));
        if (digest != manifest.Sha256)
        {
            throw new ConfigurationException(
                $"{contentPath}: the backup does not verify: found sha256 {digest}, expected {manifest.Sha256} from its manifest; nothing was restored.");
        }

        var text = Encoding.UTF8.GetString(content);
        var (_, errors) = EnvironmentLoader.TryParse(text, environment, $"backup {id} of {environment}");
        if (errors.Count > 0)
        {
            throw new ConfigurationException([.. errors, new ConfigError(contentPath, "$", "a backup that does not validate", "a valid environment; nothing was restored")]);
        }

        var safety = Backup(environment, $"before restore of {id}");
        AtomicFile.WriteAllText(catalog.PathOf(environment), text);
        return safety;
    }

    private string DirectoryOf(string environment) => Path.Combine(Root, environment);

    private string ContentPath(string environment, string id) => Path.Combine(DirectoryOf(environment), SafeId(id) + ".json");

    private string ManifestPath(string environment, string id) => Path.Combine(DirectoryOf(environment), SafeId(id) + ".manifest.json");

    private static string SafeId(string id) =>
        id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? id
            : throw new ConfigurationException($"--backup: \"{id}\" is not a backup id; expected letters, digits and dashes, as ConfigRestore lists them.");

    private static string Who() => $"{Environment.UserName}@{Environment.MachineName}";
}
