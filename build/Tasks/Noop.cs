using Cake.Frosting;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Noop))]
[TaskDescription("Does nothing: measures the host's own start-up and graph overhead (bench/host-overhead.sh).")]
public sealed class Noop : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
    }
}
