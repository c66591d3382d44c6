using System.Runtime.InteropServices;
using Pipeline.Core.Configuration;

namespace Pipeline.Core.State;

/// <summary>The state store as a local directory: one file per key.</summary>
public sealed class LocalStateStore(string root) : IStateStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Location => Root;

    public bool Exists(string key) => File.Exists(PathOf(key));

    public byte[]? Read(string key) => File.Exists(PathOf(key)) ? File.ReadAllBytes(PathOf(key)) : null;

    public void Write(string key, ReadOnlySpan<byte> content)
    {
        var path = PathOf(key);
        File.Move(WriteBeside(path, content), path, overwrite: true);
    }

    public bool TryCreate(string key, ReadOnlySpan<byte> content)
    {
        var path = PathOf(key);
        var temporary = WriteBeside(path, content);
        try
        {
            return CreateIfAbsent(temporary, path);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public void Upload(string key, string localFile)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.Copy(localFile, temporary);
        File.Move(temporary, path, overwrite: true);
    }

    public bool Download(string key, string localFile)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(localFile))!);
        File.Copy(path, localFile, overwrite: true);
        return true;
    }

    public IReadOnlyList<string> List(string prefix)
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        return Directory.GetFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public void Delete(string key)
    {
        var path = PathOf(key);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    // The content, complete and on disk, in a temporary file next to where it belongs.
    private static string WriteBeside(string path, ReadOnlySpan<byte> content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
        return temporary;
    }

    // link(2) fails with EEXIST when the name exists, in one step: two writers can never both win, and no
    // reader sees a partial file. File.Move(overwrite: false) checks and then renames, which races.
    private static bool CreateIfAbsent(string complete, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                File.Copy(complete, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }
        }

        if (NativeMethods.Link(complete, path) == 0)
        {
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        return error == NativeMethods.AlreadyExists
            ? false
            : throw new IOException($"link {complete} -> {path} failed with errno {error}.");
    }

    private string PathOf(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.StartsWith('/') || key.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"\"{key}\" is not a state store key; expected '/'-separated names without '.' or '..' parts.", nameof(key));
        }

        return Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar));
    }
}
