using Cake.Core;

namespace Cake.Frosting;

/// <summary>Runs once after the last task of a run, also when a task failed.</summary>
public interface IFrostingTeardown
{
    /// <summary>Called after the last task; <paramref name="info"/> says whether the run succeeded.</summary>
    void Teardown(ICakeContext context, ITeardownContext info);
}
