using System.Globalization;

namespace Pipeline.Core.Secrets;

/// <summary>
/// A secret store must be private to the user running the pipeline: owned by them, and neither readable nor
/// writable by anyone else. A store others can write lets them swap a webhook, key or connection string the
/// pipeline then uses; one they can read gives the secrets away.
/// </summary>
internal static class SecretStoreFileCheck
{
    private const UnixFileMode OthersRead = UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode OthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private const int PermissionBits = 0x1FF;

    /// <summary>Why <paramref name="path"/> may not be used as a secret store, or null when it may.</summary>
    /// <param name="path">An existing file.</param>
    /// <param name="currentUserOf">The user id the pipeline runs as.</param>
    public static string? Problem(string path, Func<uint> currentUserOf)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var mode = File.GetUnixFileMode(path);
        var octal = Convert.ToString((int)mode & PermissionBits, 8).PadLeft(3, '0');
        var fix = $"expected mode 600 (read and write for its owner only): run chmod 600 {path}";
        if ((mode & OthersWrite) != 0)
        {
            return $"{path}: the secret store has mode {octal}, writable by {Who(mode, UnixFileMode.GroupWrite, UnixFileMode.OtherWrite)}, "
                + $"who could change the secrets the pipeline uses; {fix}.";
        }

        if ((mode & OthersRead) != 0)
        {
            return $"{path}: the secret store has mode {octal}, readable by {Who(mode, UnixFileMode.GroupRead, UnixFileMode.OtherRead)}; {fix}.";
        }

        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var owner = UnixFileOwner.Of(path);
        var currentUser = currentUserOf();
        return owner == currentUser
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{path}: the secret store (mode {octal}) belongs to uid {owner}, not to uid {currentUser} that runs the pipeline, and its owner could change "
                + $"the secrets the pipeline uses; expected a file of your own with mode 600: run chown {currentUser} {path} && chmod 600 {path}, "
                + $"or set {FileSecretStore.PathVariable} to a store of your own.");
    }

    private static string Who(UnixFileMode mode, UnixFileMode group, UnixFileMode others) =>
        (mode & group) != 0 && (mode & others) != 0 ? "its group and all other users"
        : (mode & group) != 0 ? "its group"
        : "all other users";
}
