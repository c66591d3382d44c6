using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Configuration;

namespace Pipeline.Core.Audit;

/// <summary>
/// The newest head of one state store's journal, kept in a directory outside that store (PIPELINE_AUDIT_ANCHORS,
/// default ~/.pipeline/audit-anchors), one file per store location. Someone who can write the state store but not
/// this directory cannot hide that records existed.
/// </summary>
public sealed class AuditAnchorFile(string directory, string storeLocation)
{
    public const string DirectoryVariable = "PIPELINE_AUDIT_ANCHORS";

    /// <summary>The anchor directory of this run: PIPELINE_AUDIT_ANCHORS, else ~/.pipeline/audit-anchors.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pipeline", "audit-anchors");

    /// <summary>The file for this store: named by a digest of its location, which the file also records.</summary>
    public string Path { get; } = System.IO.Path.Combine(
        directory,
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(storeLocation)))[..16] + ".json");

    /// <summary>The anchor last written, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not an anchor.</exception>
    public AuditAnchor? Read()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<StoredAnchor>(File.ReadAllBytes(Path), AuditJson.Options)
                ?? throw new JsonException("the content is null");
            return new AuditAnchor(stored.Sequence, stored.Hash, stored.Mac);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{Path}: not an audit anchor ({ex.Message}); it anchors the journal in {storeLocation}.", ex);
        }
    }

    /// <summary>Records <paramref name="anchor"/> unless the file already names a newer record (writers may finish out of order).</summary>
    public void Advance(AuditAnchor anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        if (Read() is { } current && current.Sequence >= anchor.Sequence)
        {
            return;
        }

        var stored = new StoredAnchor(storeLocation, anchor.Sequence, anchor.Hash, anchor.Mac, DateTimeOffset.UtcNow);
        AtomicFile.WriteAllText(Path, JsonSerializer.Serialize(stored, AuditJson.Options));
    }

    private sealed record StoredAnchor(string Location, long Sequence, string Hash, string? Mac, DateTimeOffset Written);
}
