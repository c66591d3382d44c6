using System.Formats.Tar;
using System.IO.Compression;

namespace Pipeline.Core.Artifacts;

/// <summary>
/// A tar.gz whose bytes depend only on the files' paths and contents: entries sorted, one fixed timestamp,
/// owner and group zero, modes normalised. The same publish output always gives the same digest.
/// Ustar, not PAX: a PAX entry records its own access and change times, which differ from run to run.
/// </summary>
public static class DeterministicArchive
{
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Create(string sourceDirectory, string archivePath)
    {
        var files = Directory.GetFiles(sourceDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(sourceDirectory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        var temporary = archivePath + ".partial";
        using (var output = File.Create(temporary))
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: false))
        {
            foreach (var relative in files)
            {
                var full = Path.Combine(sourceDirectory, relative);
                var entry = new UstarTarEntry(TarEntryType.RegularFile, relative)
                {
                    ModificationTime = FixedTime,
                    Mode = IsExecutable(full) ? ExecutableMode : FileMode,
                    Uid = 0,
                    Gid = 0,
                    UserName = string.Empty,
                    GroupName = string.Empty,
                };
                using var content = File.OpenRead(full);
                entry.DataStream = content;
                tar.WriteEntry(entry);
            }
        }

        File.Move(temporary, archivePath, overwrite: true);
    }

    public static void Extract(string archivePath, string destination)
    {
        Directory.CreateDirectory(destination);
        using var input = File.OpenRead(archivePath);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        TarFile.ExtractToDirectory(gzip, destination, overwriteFiles: true);
    }

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode ExecutableMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
}
