using Cake.Frosting;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Default))]
[TaskDescription("The main job: lint, test, browser tests, build, back up, deploy to --env and notify.")]
[IsDependentOn(typeof(ConfigGenerate))]
[IsDependentOn(typeof(Notify))]
public sealed class Default : FrostingTask<BuildContext>;
