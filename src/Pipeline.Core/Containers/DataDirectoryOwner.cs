using System.Runtime.InteropServices;

namespace Pipeline.Core.Containers;

/// <summary>
/// Gives a target's data directory, and the files in it, to the image's user: the container runs as that user, while
/// the pipeline (migrations, backups) writes the SQLite files as itself.
/// </summary>
public static partial class DataDirectoryOwner
{
    public static void GiveTo(string directory, int userId)
    {
        Directory.CreateDirectory(directory);
        foreach (var path in Directory.GetFileSystemEntries(directory).Prepend(directory))
        {
            if (Chown(path, userId, userId) != 0)
            {
                throw new ContainerException($"{path} could not be given to user {userId}, the user the app's image runs as ({Marshal.GetLastPInvokeErrorMessage()}); the pipeline runs container targets as root, or that user must own the directory already.");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, int owner, int group);
}
