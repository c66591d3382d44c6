using Cake.Core;

namespace Cake.Frosting;

/// <summary>Runs once before the first task of a run.</summary>
public interface IFrostingSetup
{
    /// <summary>Called before the first task, with the tasks the run will execute.</summary>
    void Setup(ICakeContext context, ISetupContext info);
}
