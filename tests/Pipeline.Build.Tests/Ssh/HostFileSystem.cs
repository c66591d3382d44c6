using System.Diagnostics;

namespace Pipeline.Build.Tests.Ssh;

/// <summary>
/// Real file-system conditions on a test host, undone on dispose: a directory no one may write into, even root
/// (chattr +i: the kernel refuses writes to an immutable directory whoever asks), and a directory on a small file
/// system of its own (a tmpfs mounted over it). Both need root, as the ssh tests do.
/// </summary>
public sealed class HostFileSystem : IDisposable
{
    private readonly string[] undo;

    private HostFileSystem(string[] undo) => this.undo = undo;

    /// <summary>Makes <paramref name="directory"/> immutable: nothing can be created, renamed or deleted in it.</summary>
    public static HostFileSystem Unwritable(string directory)
    {
        Run("chattr", "+i", directory);
        return new HostFileSystem(["chattr", "-i", directory]);
    }

    /// <summary>Mounts a tmpfs of <paramref name="kibibytes"/> KiB over <paramref name="directory"/>, so little room is left under it.</summary>
    public static HostFileSystem Small(string directory, int kibibytes)
    {
        Directory.CreateDirectory(directory);
        Run("mount", "-t", "tmpfs", "-o", $"size={kibibytes}k", "tmpfs", directory);
        return new HostFileSystem(["umount", "-l", directory]);
    }

    public void Dispose() => Run(undo);

    private static void Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} failed ({process.ExitCode}): {error}");
        }
    }
}
