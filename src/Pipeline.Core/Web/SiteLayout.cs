using System.Text.RegularExpressions;

namespace Pipeline.Core.Web;

/// <summary>
/// Where a site's objects live under the key prefix P: releases at P + "releases/&lt;version&gt;/&lt;path&gt;" with their
/// manifest, the live site at P + "&lt;path&gt;", and the live version marker at P + ".live-release.json".
/// </summary>
public sealed partial class SiteLayout(string keyPrefix)
{
    public const string ReleasesFolder = "releases/";
    public const string LiveMarkerName = ".live-release.json";

    public string KeyPrefix { get; } = keyPrefix;

    public string ReleasesRoot => KeyPrefix + ReleasesFolder;

    public string LiveMarkerKey => KeyPrefix + LiveMarkerName;

    public string ReleasePrefix(string version) => $"{ReleasesRoot}{version}/";

    public string ReleaseKey(string version, string path) => ReleasePrefix(version) + path;

    /// <summary>The key of a file a release manifest places at <paramref name="storedAt"/> ("&lt;version&gt;/&lt;path&gt;").</summary>
    public string StoredKey(string storedAt) => ReleasesRoot + storedAt;

    public string ManifestKey(string version) => ReleasePrefix(version) + ReleaseManifest.FileName;

    public string LiveKey(string path) => KeyPrefix + path;

    /// <summary>The site path of a live key; null for keys that are not site files (releases, the marker, other prefixes).</summary>
    public string? LivePath(string key) =>
        key.StartsWith(KeyPrefix, StringComparison.Ordinal) && key.Length > KeyPrefix.Length && !IsReserved(key[KeyPrefix.Length..]) && !key.EndsWith('/')
            ? key[KeyPrefix.Length..]
            : null;

    /// <summary>Site paths that would collide with the release store or the live marker.</summary>
    public static bool IsReserved(string path) => path.StartsWith(ReleasesFolder, StringComparison.Ordinal) || path == LiveMarkerName;

    public static void ValidateVersion(string version)
    {
        if (string.IsNullOrEmpty(version) || !VersionPattern().IsMatch(version))
        {
            throw new ArgumentException($"Release version '{version}' cannot name a release folder; expected letters, digits, '.', '_', '+' or '-', starting with a letter or digit.", nameof(version));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")]
    private static partial Regex VersionPattern();
}
