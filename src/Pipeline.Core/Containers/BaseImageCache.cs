using System.Globalization;
using Pipeline.Core.Configuration;

namespace Pipeline.Core.Containers;

/// <summary>
/// The base layer, made once per machine and kept: debootstrap into a scratch directory, the app's user added,
/// apt's caches and logs removed, then one deterministic tar and its gzip blob. No public registry can be reached
/// here, so the base is never pulled. Later images only read the cached blob, so a rebuild takes seconds.
/// </summary>
public sealed class BaseImageCache(string cacheRoot, BaseImageRecipe recipe, DebootstrapTool debootstrap, TarTool tar)
{
    private static readonly string[] Excluded = ["./dev/*", "./proc/*", "./sys/*", "./run/*", "./tmp/*", "./var/cache/apt/*", "./var/lib/apt/lists/*", "./var/log/*", "./debootstrap"];

    /// <summary>Where bases are kept by default: $XDG_CACHE_HOME/pipeline/base-images, else ~/.cache/pipeline/base-images.</summary>
    public static string DefaultRoot()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(cache, "pipeline", "base-images");
    }

    public string Directory => Path.Combine(cacheRoot, recipe.Key);

    public string RootfsArchive => Path.Combine(Directory, "rootfs.tar");

    /// <summary>The base layer, made first when it is not cached yet.</summary>
    public LayerBlob Ensure(Action<string> step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        var blobs = Path.Combine(Directory, "blobs");
        if (LayerBlob.TryRead(Directory, "base") is { } cached)
        {
            step($"base layer {cached.Digest} from the cache {Directory}");
            return cached;
        }

        if (!File.Exists(RootfsArchive))
        {
            Bootstrap(step, cancellationToken);
        }

        var layer = LayerBlob.Compress(RootfsArchive, blobs);
        layer.Save(Directory, "base");
        step($"base layer {layer.Digest} ({layer.Size:N0} bytes) kept in {Directory}");
        return layer;
    }

    private void Bootstrap(Action<string> step, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var root = Path.Combine(Directory, "rootfs.partial");
        if (System.IO.Directory.Exists(root))
        {
            System.IO.Directory.Delete(root, recursive: true);
        }

        step($"making the base: debootstrap --variant={recipe.Variant} {recipe.Suite} with {string.Join(", ", recipe.Packages)} (minutes; once per machine)");
        debootstrap.Bootstrap(recipe, root, cancellationToken);
        AddAppUser(root);
        var partial = RootfsArchive + ".partial";
        tar.Create(root, partial, Excluded, cancellationToken);
        File.Move(partial, RootfsArchive, overwrite: true);
        System.IO.Directory.Delete(root, recursive: true);
    }

    private void AddAppUser(string root)
    {
        var id = recipe.AppUserId.ToString(CultureInfo.InvariantCulture);
        File.AppendAllText(Path.Combine(root, "etc", "passwd"), $"{recipe.AppUserName}:x:{id}:{id}:trading app:/var/lib/trading:/usr/sbin/nologin\n");
        File.AppendAllText(Path.Combine(root, "etc", "group"), $"{recipe.AppUserName}:x:{id}:\n");
        AtomicFile.WriteAllText(Path.Combine(root, "etc", "machine-id"), string.Empty);
    }
}
