using Pipeline.Build.Tests.Deploys;

namespace Pipeline.Build.Tests;

public sealed class ImageTargetTests : IDisposable
{
    private readonly BuildRun build = new();

    [Fact]
    public void A_dry_run_of_Image_says_what_it_would_make_scan_and_push_and_makes_nothing()
    {
        var commit = CheckoutCommit.Make(build.Root);

        var exitCode = build.Run("--target=Image", "--dryrun");

        Assert.Equal(0, exitCode);
        var output = build.Console.All;
        Assert.Contains("Plan of Image:", output);
        Assert.Contains("runtime layer: .NET", output);
        Assert.Contains($"revision={commit}", output);
        Assert.Contains("source=https://git.example.com/pipeline.git", output);
        Assert.Contains("a finding of high or worse fails", output);
        Assert.Contains("push: none (deployment.image.registry is not set)", output);
        Assert.False(Directory.Exists(Path.Combine(build.Root, "artifacts")));
    }

    public void Dispose() => build.Dispose();
}
