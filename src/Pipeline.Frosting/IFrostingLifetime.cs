using Cake.Core;

namespace Cake.Frosting;

/// <summary>Runs once before the first task and once after the last, also when a task failed.</summary>
public interface IFrostingLifetime
{
    void Setup(ICakeContext context, ISetupContext info);

    void Teardown(ICakeContext context, ITeardownContext info);
}
