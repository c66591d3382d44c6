using Cake.Frosting;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Default))]
[TaskDescription("The main job: validates the configuration, lints, tests, runs the browser tests, builds and validates the artifact, backs up, deploys and notifies.")]
[IsDependentOn(typeof(ConfigGenerate))]
[IsDependentOn(typeof(Notify))]
public sealed class Default : FrostingTask<BuildContext>;
