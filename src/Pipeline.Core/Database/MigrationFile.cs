using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Database;

/// <summary>One versioned migration: NNNN_name.up.sql with its NNNN_name.down.sql.</summary>
public sealed partial record MigrationFile(int Version, string Name, string UpPath, string? DownPath, string Checksum)
{
    /// <summary>The name prefix of a migration that removes or changes what earlier releases need (expand/contract's contract step).</summary>
    public const string ContractPrefix = "contract_";

    /// <summary>
    /// True for a contract migration (NNNN_contract_name): the releases before it cannot run on the migrated schema, so
    /// a failed deploy could not be undone by switching the application back. Every other migration must only expand.
    /// </summary>
    public bool IsContract => IsContractName(Name);

    public static bool IsContractName(string name) => name.StartsWith(ContractPrefix, StringComparison.Ordinal);

    /// <summary>Reads every migration in <paramref name="directory"/>, ordered by version; a malformed set is an error.</summary>
    public static IReadOnlyList<MigrationFile> ReadAll(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new MigrationException($"{directory}: the migrations directory does not exist.");
        }

        var migrations = new List<MigrationFile>();
        foreach (var path in Directory.GetFiles(directory, "*.up.sql"))
        {
            var match = FileName().Match(Path.GetFileName(path));
            if (!match.Success)
            {
                throw new MigrationException($"{path}: not a migration file name; expected NNNN_name.up.sql, e.g. 0003_add_fills.up.sql.");
            }

            var version = int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
            var down = Path.Combine(directory, $"{match.Groups["version"].Value}_{match.Groups["name"].Value}.down.sql");
            var checksum = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
            migrations.Add(new MigrationFile(version, match.Groups["name"].Value, path, File.Exists(down) ? down : null, checksum));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        return duplicate is not null
            ? throw new MigrationException($"{directory}: version {duplicate.Key:D4} is used by more than one migration: {string.Join(", ", duplicate.Select(m => Path.GetFileName(m.UpPath)))}.")
            : migrations.OrderBy(m => m.Version).ToList();
    }

    /// <summary>The version of an up migration's file name (NNNN_name.up.sql); null for any other name.</summary>
    public static int? UpVersion(string fileName) =>
        FileName().Match(fileName) is { Success: true } match ? int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.up\.sql$")]
    private static partial Regex FileName();
}
