using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Containers;
using Pipeline.Core.Processes;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Image))]
[ReadsArguments(ArgumentNames.AppVersion)]
[TaskDescription("Makes the artifact's container image (reproducible, labelled, non-root, health-checked), scans it and pushes it by digest.")]
[IsDependentOn(typeof(Build))]
public sealed class Image : AsyncFrostingTask<BuildContext>, IPlannable
{
    public override async Task RunAsync(BuildContext context)
    {
        var settings = Settings(context);
        var artifact = await context.ArtifactAsync().ConfigureAwait(false);
        var request = await RequestAsync(context, artifact, settings).ConfigureAwait(false);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var result = await Service(context, http).RunAsync(request, line => context.Log.Information(line)).ConfigureAwait(false);
        context.Log.Information(result.Pushed is { } pushed
            ? $"Image of {artifact.Version}: {pushed.Reference}"
            : $"Image of {artifact.Version}: {result.Image.Digest} (not pushed)");
    }

    public void Plan(BuildContext context)
    {
        var settings = Settings(context);
        var artifact = new ArtifactLayout(context.Paths.Artifacts, context.VersionAsync().GetAwaiter().GetResult());
        var request = RequestAsync(context, artifact, settings, "HEAD").GetAwaiter().GetResult();
        using var http = new HttpClient();
        foreach (var line in Service(context, http).Plan(request))
        {
            context.Log.Information("  {0}", line);
        }
    }

    private static ImageSettings Settings(BuildContext context) =>
        context.Settings.Deployment.Image
            ?? throw new InvalidOperationException($"config/environments/{context.EnvironmentName}.json: $.deployment.image is missing; the Image target needs at least its \"source\" (the repository's URL), and \"registry\" to push.");

    private static async Task<ImageRequest> RequestAsync(BuildContext context, ArtifactLayout artifact, ImageSettings settings, string? commit = null)
    {
        commit ??= ArtifactVerifier.ReadManifest(artifact).Commit;
        var source = await new ImageSourceReader(context.Runner, context.Paths.Root).ReadAsync(commit, settings.Source).ConfigureAwait(false);
        return new ImageRequest(artifact, source, settings, context.Paths.VulnerabilityList);
    }

    private static ImageService Service(BuildContext context, HttpClient http)
    {
        var tools = CakeToolHost.Create();
        var recipe = BaseImageRecipe.Default;
        var baseImage = new BaseImageCache(BaseImageCache.DefaultRoot(), recipe, new DebootstrapTool(tools), new TarTool(tools));
        var assembler = new ImageAssembler(baseImage, new RuntimeLayer(baseImage.Directory, RuntimeLayer.DefaultDotnetRoot()), recipe);
        return new ImageService(assembler, baseImage, http);
    }
}
