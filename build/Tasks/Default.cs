using Cake.Frosting;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Default))]
[TaskDescription("The main job: validates and generates the environment's configuration, lints and tests.")]
[IsDependentOn(typeof(ConfigGenerate))]
[IsDependentOn(typeof(Test))]
public sealed class Default : FrostingTask<BuildContext>;
