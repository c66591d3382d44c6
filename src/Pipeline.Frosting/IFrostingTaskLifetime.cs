using Cake.Core;

namespace Cake.Frosting;

/// <summary>Runs before and after every task.</summary>
public interface IFrostingTaskLifetime
{
    void Setup(ICakeContext context, ITaskSetupContext info);

    void Teardown(ICakeContext context, ITaskTeardownContext info);
}
