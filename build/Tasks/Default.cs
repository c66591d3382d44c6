using Cake.Frosting;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Default))]
[TaskDescription("The main job: validates the configuration, lints, tests, runs the browser tests, builds and validates the versioned artifact.")]
[IsDependentOn(typeof(ConfigGenerate))]
[IsDependentOn(typeof(ValidateBuild))]
public sealed class Default : FrostingTask<BuildContext>;
