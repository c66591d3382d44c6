using Pipeline.Core.Tests.Support;

namespace Pipeline.Core.Tests.S3;

/// <summary>
/// scripts/patch-s3rver.sh patches the pinned s3rver and nothing else: each test works on a copy of the installed
/// package's two files in a temporary directory, never on tools/s3rver itself.
/// </summary>
public sealed class S3rverPatchTests : IDisposable
{
    private const string Patched = "let copySource = decodeURIComponent(ctx.headers['x-amz-copy-source']);";
    private const string Published = "let copySource = decodeURI(ctx.headers['x-amz-copy-source']);";
    private readonly string package = Directory.CreateTempSubdirectory("s3rver-package-").FullName;

    private string Controller => Path.Combine(package, "lib", "controllers", "object.js");

    [Fact]
    public void The_published_3_7_1_is_patched_to_decode_the_copy_source_as_S3_does_and_a_second_run_changes_nothing()
    {
        CopyInstalledPackage(version: "3.7.1", controller => controller.Replace(Patched, Published, StringComparison.Ordinal));

        Script.Run("scripts/patch-s3rver.sh", package);
        var once = File.ReadAllText(Controller);
        Script.Run("scripts/patch-s3rver.sh", package);

        Assert.Contains(Patched, once, StringComparison.Ordinal);
        Assert.DoesNotContain(Published, once, StringComparison.Ordinal);
        Assert.Equal(once, File.ReadAllText(Controller));
        Assert.True(File.Exists(Path.Combine(package, ".pipeline-copy-source-patch")));
    }

    [Fact]
    public void Another_version_is_refused_naming_it_and_the_pinned_one_and_left_as_it_is()
    {
        CopyInstalledPackage(version: "3.7.2", controller => controller.Replace(Patched, Published, StringComparison.Ordinal));
        var before = File.ReadAllText(Controller);

        var refused = Assert.Throws<InvalidOperationException>(() => Script.Run("scripts/patch-s3rver.sh", package));

        Assert.Contains($"s3rver 3.7.2 is installed at {package}, but ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("s3rver-3.7.1-copy-source.patch is for s3rver 3.7.1 only", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Controller));
        Assert.False(File.Exists(Path.Combine(package, ".pipeline-copy-source-patch")));
    }

    [Fact]
    public void A_3_7_1_whose_file_differs_from_the_published_one_is_refused_and_left_as_it_is()
    {
        CopyInstalledPackage(version: "3.7.1", controller => controller.Replace(Patched, "let copySource = ctx.headers['x-amz-copy-source'];", StringComparison.Ordinal));
        var before = File.ReadAllText(Controller);

        var refused = Assert.Throws<InvalidOperationException>(() => Script.Run("scripts/patch-s3rver.sh", package));

        Assert.Contains("does not apply to", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Controller));
        Assert.False(File.Exists(Path.Combine(package, ".pipeline-copy-source-patch")));
    }

    public void Dispose() => Directory.Delete(package, recursive: true);

    /// <summary>The installed (patched) package's controller and package.json, reshaped by <paramref name="reshape"/>.</summary>
    private void CopyInstalledPackage(string version, Func<string, string> reshape)
    {
        var installed = Path.Combine(Script.RepositoryRoot, "tools", "s3rver", "node_modules", "s3rver");
        var controller = File.ReadAllText(Path.Combine(installed, "lib", "controllers", "object.js"));
        Assert.Contains(Patched, controller, StringComparison.Ordinal);
        Directory.CreateDirectory(Path.GetDirectoryName(Controller)!);
        File.WriteAllText(Controller, reshape(controller));
        var manifest = File.ReadAllText(Path.Combine(installed, "package.json"));
        File.WriteAllText(Path.Combine(package, "package.json"), manifest.Replace("\"version\": \"3.7.1\"", $"\"version\": \"{version}\"", StringComparison.Ordinal));
    }
}
