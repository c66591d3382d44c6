using System.Runtime.InteropServices;

namespace Pipeline.Core.State;

internal static partial class NativeMethods
{
    public const int AlreadyExists = 17;

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Link(string existing, string created);
}
