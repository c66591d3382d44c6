using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Artifacts;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(ValidateBuild))]
[ReadsArguments(ArgumentNames.AppVersion)]
[TaskDescription("Checks the artifact against its manifest and that the app started from it answers /health.")]
[IsDependentOn(typeof(Build))]
public sealed class ValidateBuild : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var layout = await context.ArtifactAsync().ConfigureAwait(false);
        var validation = await BuildValidator.ValidateAsync(layout, line => context.Log.Information(line)).ConfigureAwait(false);
        foreach (var problem in validation.ManifestProblems)
        {
            context.Log.Error(problem);
        }

        if (!validation.Passed)
        {
            throw new InvalidOperationException($"{layout.ArchivePath} failed validation: {(validation.ManifestProblems.Count > 0 ? "it does not match its manifest" : $"the app did not become healthy ({validation.Health?.Detail})")}.");
        }

        context.Log.Information("{0} is valid and may be deployed.", layout.ArchivePath);
    }
}
