namespace Pipeline.Build.Infrastructure;

/// <summary>A task that can say what it would do; --dryrun prints these plans and runs no task body.</summary>
public interface IPlannable
{
    void Plan(BuildContext context);
}
