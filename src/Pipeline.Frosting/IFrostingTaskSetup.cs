using Cake.Core;

namespace Cake.Frosting;

/// <summary>Runs before every task, skipped ones included; not during a dry run.</summary>
public interface IFrostingTaskSetup
{
    /// <summary>Called before the task that <paramref name="info"/> names.</summary>
    void Setup(ICakeContext context, ITaskSetupContext info);
}
