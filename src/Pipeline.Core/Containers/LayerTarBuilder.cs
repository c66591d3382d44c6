using System.Formats.Tar;

namespace Pipeline.Core.Containers;

/// <summary>
/// A layer's tar, written whole from a list of entries: sorted by path, parent directories added, one fixed time,
/// numeric owners, no user or group names. The same entries always give the same bytes. GNU format for paths
/// longer than ustar's 100 characters.
/// </summary>
public sealed class LayerTarBuilder
{
    public const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101;

    public const UnixFileMode ReadOnlyMode = (UnixFileMode)0b100_100_100;

    public const UnixFileMode ExecutableMode = (UnixFileMode)0b101_101_101;

    private static readonly DateTimeOffset FixedTime = DateTimeOffset.FromUnixTimeSeconds(TarTool.FixedTime);

    private readonly SortedDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>A directory; <paramref name="owner"/> owns it (e.g. the app's data directory).</summary>
    public LayerTarBuilder Directory(string path, UnixFileMode mode, int owner = 0)
    {
        entries[Normalise(path) + "/"] = new Entry(TarEntryType.Directory, mode, owner, null, null);
        return this;
    }

    /// <summary>A file whose content is read from <paramref name="source"/> when the tar is written.</summary>
    public LayerTarBuilder File(string path, string source, UnixFileMode mode)
    {
        entries[Normalise(path)] = new Entry(TarEntryType.RegularFile, mode, 0, source, null);
        return this;
    }

    public LayerTarBuilder File(string path, byte[] content, UnixFileMode mode)
    {
        entries[Normalise(path)] = new Entry(TarEntryType.RegularFile, mode, 0, null, content);
        return this;
    }

    /// <summary>Every file under <paramref name="sourceDirectory"/> below <paramref name="path"/>, executables kept executable.</summary>
    public LayerTarBuilder Tree(string path, string sourceDirectory)
    {
        foreach (var file in System.IO.Directory.GetFiles(sourceDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sourceDirectory, file).Replace('\\', '/');
            var executable = !OperatingSystem.IsWindows() && (System.IO.File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0;
            File($"{path}/{relative}", file, executable ? ExecutableMode : ReadOnlyMode);
        }

        return this;
    }

    public void Write(string tarPath)
    {
        AddParents();
        var partial = tarPath + ".partial";
        using (var output = System.IO.File.Create(partial))
        using (var tar = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: false))
        {
            foreach (var (path, entry) in entries)
            {
                var tarEntry = new GnuTarEntry(entry.Type, path)
                {
                    ModificationTime = FixedTime,
                    AccessTime = FixedTime,
                    ChangeTime = FixedTime,
                    Mode = entry.Mode,
                    Uid = entry.Owner,
                    Gid = entry.Owner,
                    UserName = string.Empty,
                    GroupName = string.Empty,
                };
                using Stream? content = entry.Source is not null ? System.IO.File.OpenRead(entry.Source) : entry.Content is not null ? new MemoryStream(entry.Content) : null;
                if (content is not null)
                {
                    tarEntry.DataStream = content;
                }

                tar.WriteEntry(tarEntry);
            }
        }

        System.IO.File.Move(partial, tarPath, overwrite: true);
    }

    private void AddParents()
    {
        foreach (var path in entries.Keys.ToList())
        {
            var trimmed = path.TrimEnd('/');
            for (var slash = trimmed.LastIndexOf('/'); slash > 0; slash = trimmed.LastIndexOf('/', slash - 1))
            {
                entries.TryAdd(trimmed[..slash] + "/", new Entry(TarEntryType.Directory, DirectoryMode, 0, null, null));
            }
        }
    }

    private static string Normalise(string path) => path.Trim('/');

    private sealed record Entry(TarEntryType Type, UnixFileMode Mode, int Owner, string? Source, byte[]? Content);
}
