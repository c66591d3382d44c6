using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Ci;
using Pipeline.Core.Configuration;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Build))]
[ReadsArguments(ArgumentNames.AppVersion)]
[TaskDescription("Publishes the app as one deterministic archive with its manifest, and to --env's artifact store.")]
[IsDependentOn(typeof(E2E))]
[IsDependentOn(typeof(ConfigGenerate))]
public sealed class Build : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var version = await new GitVersionReader(context.Runner, context.Paths.Root)
            .ReadAsync(context.Argument(ArgumentNames.AppVersion))
            .ConfigureAwait(false);
        var layout = new ArtifactLayout(context.Paths.Artifacts, version.Version);
        context.Artifact = layout;
        context.Log.Information("Version {0} (commit {1} on {2}{3})", version.Version, version.Commit, version.Branch, version.Dirty ? ", uncommitted changes" : string.Empty);

        if (!version.Dirty && IsReusable(layout, context))
        {
            context.Log.Information("Reusing {0}: it already exists for this version and verifies.", layout.ArchivePath);
        }
        else
        {
            var request = new BuildRequest(context.Paths.AppProject, version, layout, context.Builder);
            var manifest = await new ArtifactBuilder(context.Runner, context.Paths.Root)
                .BuildAsync(request, line => context.Log.Verbose(line))
                .ConfigureAwait(false);
            context.Log.Information(
                "Built {0}: {1} files, archive {2:N0} bytes, sha256 {3}",
                layout.ArchivePath, manifest.Files.Count, manifest.Archive.Bytes, manifest.Archive.Sha256);
        }

        var store = context.Deployments.Artifacts;
        context.Log.Information(store.Publish(layout)
            ? $"Published {version.Version} to the artifact store {store.Location}."
            : $"The artifact store {store.Location} already holds {version.Version} with the same bytes.");
        RunReports.Build(GitHubActions.Current, ArtifactVerifier.ReadManifest(layout), store.Location);
    }

    private static bool IsReusable(ArtifactLayout layout, BuildContext context)
    {
        if (!File.Exists(layout.ManifestPath))
        {
            return false;
        }

        var problems = ArtifactVerifier.Verify(layout);
        foreach (var problem in problems)
        {
            context.Log.Warning("Existing artifact does not verify, rebuilding: {0}", problem);
        }

        return problems.Count == 0;
    }
}
