using Cake.Frosting;
using Pipeline.Build.Infrastructure;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Noop))]
[TaskDescription("Does nothing: measures the host's own start-up and graph overhead (bench/host-overhead.sh).")]
[UsesNoEnvironment]
public sealed class Noop : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
    }
}
