using System.Globalization;
using System.Runtime.InteropServices;

namespace Pipeline.Core.Containers;

/// <summary>
/// The .NET runtime the app is published for (framework-dependent), copied from this machine's SDK: the dotnet
/// host, hostfxr, Microsoft.NETCore.App and Microsoft.AspNetCore.App of the running version, at
/// /usr/share/dotnet in the image. Kept in the base cache, one per runtime version.
/// </summary>
public sealed class RuntimeLayer(string cacheDirectory, string dotnetRoot)
{
    public const string ImageRoot = "/usr/share/dotnet";

    /// <summary>The runtime the pipeline itself runs on, from the SDK at <see cref="DefaultDotnetRoot"/>.</summary>
    public static string DefaultDotnetRoot() =>
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    public static string Version => Environment.Version.ToString(3);

    public LayerBlob Ensure(Action<string> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var name = string.Create(CultureInfo.InvariantCulture, $"dotnet-{Version}");
        if (LayerBlob.TryRead(cacheDirectory, name) is { } cached)
        {
            step($"runtime layer .NET {Version} {cached.Digest} from the cache {cacheDirectory}");
            return cached;
        }

        var builder = new LayerTarBuilder()
            .File($"{ImageRoot}/dotnet", Path.Combine(dotnetRoot, "dotnet"), LayerTarBuilder.ExecutableMode)
            .File($"{ImageRoot}/LICENSE.txt", Path.Combine(dotnetRoot, "LICENSE.txt"), LayerTarBuilder.ReadOnlyMode)
            .File($"{ImageRoot}/ThirdPartyNotices.txt", Path.Combine(dotnetRoot, "ThirdPartyNotices.txt"), LayerTarBuilder.ReadOnlyMode)
            .Tree($"{ImageRoot}/host/fxr/{Version}", Required(Path.Combine(dotnetRoot, "host", "fxr", Version)));
        foreach (var framework in new[] { "Microsoft.NETCore.App", "Microsoft.AspNetCore.App" })
        {
            builder.Tree($"{ImageRoot}/shared/{framework}/{Version}", Required(Path.Combine(dotnetRoot, "shared", framework, Version)));
        }

        Directory.CreateDirectory(cacheDirectory);
        var tar = Path.Combine(cacheDirectory, $"{name}.tar");
        builder.Write(tar);
        var layer = LayerBlob.Compress(tar, Path.Combine(cacheDirectory, "blobs"));
        File.Delete(tar);
        layer.Save(cacheDirectory, name);
        step($"runtime layer .NET {Version} {layer.Digest} ({layer.Size:N0} bytes) kept in {cacheDirectory}");
        return layer;
    }

    private static string Required(string directory) =>
        Directory.Exists(directory)
            ? directory
            : throw new ContainerException($"The .NET runtime for the image is not installed: {directory} does not exist; the image carries the runtime the pipeline runs on ({Version}) with ASP.NET Core of the same version.");
}
