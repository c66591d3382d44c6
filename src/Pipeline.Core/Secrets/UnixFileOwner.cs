using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Pipeline.Core.Secrets;

/// <summary>Who owns a file and who this process runs as, by numeric user id; Linux only (statx(2)).</summary>
internal static partial class UnixFileOwner
{
    private const int CurrentDirectory = -100;
    private const uint UserIdField = 0x8;

    // struct statx has one layout on every Linux architecture; stx_uid is the __u32 at offset 20.
    private const int UserIdOffset = 20;
    private const int StatxSize = 256;

    /// <summary>The user id the process runs as (its effective uid).</summary>
    public static uint CurrentUser() => GetEffectiveUserId();

    /// <summary>The user id that owns <paramref name="path"/> (following symbolic links).</summary>
    /// <exception cref="Win32Exception">The file cannot be examined.</exception>
    public static unsafe uint Of(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        if (Statx(CurrentDirectory, path, 0, UserIdField, buffer) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError());
        }

        return *(uint*)(buffer + UserIdOffset);
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}
