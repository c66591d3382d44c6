using Cake.Core;

namespace Cake.Frosting;

/// <summary>Runs after every task, skipped and failed ones included; not during a dry run.</summary>
public interface IFrostingTaskTeardown
{
    /// <summary>Called after the task that <paramref name="info"/> names, with its outcome.</summary>
    void Teardown(ICakeContext context, ITaskTeardownContext info);
}
