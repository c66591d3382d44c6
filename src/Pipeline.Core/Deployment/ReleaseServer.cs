using System.Runtime.InteropServices;
using Pipeline.Core.Artifacts;

namespace Pipeline.Core.Deployment;

/// <summary>
/// A deployment target on this machine, laid out as Capistrano does: releases/&lt;version&gt;/ (immutable,
/// unpacked whole or not at all), current (a symlink switched by one atomic rename) and shared/ (the
/// database, the runtime settings and the app's log, which outlive releases).
/// </summary>
public sealed partial class ReleaseServer(string root)
{
    private const string PartialPrefix = ".partial-";
    private const string ArchiveStamp = ".archive-sha256";

    public string Root { get; } = Path.GetFullPath(root);

    public string Releases => Path.Combine(Root, "releases");

    public string CurrentLink => Path.Combine(Root, "current");

    public string Shared => Path.Combine(Root, "shared");

    public string DataDirectory => Path.Combine(Shared, "data");

    public string SettingsFile => Path.Combine(Shared, "config", "appsettings.json");

    public string ReleasePath(string version) => Path.Combine(Releases, version);

    public bool HasRelease(string version) => Directory.Exists(ReleasePath(version));

    /// <summary>The version <c>current</c> points at, or null before the first deploy.</summary>
    public string? CurrentVersion() =>
        new FileInfo(CurrentLink).LinkTarget is { } target ? Path.GetFileName(target.TrimEnd('/')) : null;

    public IReadOnlyList<string> KeptVersions() =>
        Directory.Exists(Releases)
            ? Directory.GetDirectories(Releases).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// Unpacks the archive as releases/&lt;version&gt;/ unless that release is already there from the same
    /// archive; a reader never sees half a release. A release of the same version from another archive is
    /// refused: versions are immutable.
    /// </summary>
    public bool Unpack(string archivePath, string version, string archiveSha256)
    {
        var stamp = Path.Combine(ReleasePath(version), ArchiveStamp);
        if (HasRelease(version))
        {
            var existing = File.Exists(stamp) ? File.ReadAllText(stamp).Trim() : "(unknown)";
            return existing == archiveSha256
                ? false
                : throw new InvalidOperationException(
                    $"{ReleasePath(version)} was unpacked from another archive (sha256 {existing}) than {archivePath} ({archiveSha256}); a version is immutable: build the change as a new version.");
        }

        Directory.CreateDirectory(Releases);
        var partial = Path.Combine(Releases, $"{PartialPrefix}{version}-{Guid.NewGuid():N}");
        DeterministicArchive.Extract(archivePath, partial);
        LinkSettings(partial);
        File.WriteAllText(Path.Combine(partial, ArchiveStamp), archiveSha256);
        Directory.Move(partial, ReleasePath(version));
        return true;
    }

    /// <summary>Points <c>current</c> at <paramref name="version"/> with one atomic rename.</summary>
    public void SwitchTo(string version)
    {
        if (!HasRelease(version))
        {
            throw new InvalidOperationException($"{ReleasePath(version)}: no such release; cannot switch to it.");
        }

        var temporary = Path.Combine(Root, $".current-{Guid.NewGuid():N}");
        File.CreateSymbolicLink(temporary, Path.Combine("releases", version));

        // rename(2) replaces the link itself in one step, never following it to the release directory.
        if (Rename(temporary, CurrentLink) != 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            File.Delete(temporary);
            throw new InvalidOperationException($"rename {temporary} -> {CurrentLink} failed ({error}); current was not switched.");
        }
    }

    /// <summary>Removes half-unpacked releases left by an interrupted run.</summary>
    public IReadOnlyList<string> RemoveLeftovers()
    {
        var leftovers = Directory.Exists(Releases) ? Directory.GetDirectories(Releases, PartialPrefix + "*") : [];
        foreach (var directory in leftovers)
        {
            Directory.Delete(directory, recursive: true);
        }

        foreach (var link in Directory.Exists(Root) ? Directory.GetFileSystemEntries(Root, ".current-*") : [])
        {
            File.Delete(link);
        }

        return leftovers;
    }

    /// <summary>The releases <see cref="Cleanup"/> would delete: those not in <paramref name="keep"/>, never the live one.</summary>
    public IReadOnlyList<string> Unkept(IReadOnlySet<string> keep) => Unkept(KeptVersions(), CurrentVersion(), keep);

    /// <summary>Of the releases a target has (<paramref name="kept"/>), those not in <paramref name="keep"/> and not <paramref name="live"/>: the same rule on every kind of target.</summary>
    public static IReadOnlyList<string> Unkept(IEnumerable<string> kept, string? live, IReadOnlySet<string> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        return [.. kept.Where(v => !keep.Contains(v) && v != live)];
    }

    /// <summary>Deletes every release not in <paramref name="keep"/>; the live release is always kept.</summary>
    public IReadOnlyList<string> Cleanup(IReadOnlySet<string> keep)
    {
        var doomed = Unkept(keep);
        foreach (var version in doomed)
        {
            Directory.Delete(ReleasePath(version), recursive: true);
        }

        return doomed;
    }

    // The release's own appsettings.json is replaced by a link to the environment's, kept in shared/.
    private void LinkSettings(string release)
    {
        var own = Path.Combine(release, Hosting.AppDefinition.TradingApp.SettingsFile);
        if (File.Exists(own))
        {
            File.Delete(own);
        }

        File.CreateSymbolicLink(own, Path.GetRelativePath(Path.Combine(Releases, "x"), SettingsFile));
    }

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Rename(string from, string to);
}
