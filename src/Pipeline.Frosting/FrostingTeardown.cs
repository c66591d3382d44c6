using Cake.Core;

namespace Cake.Frosting;

/// <summary>A teardown of a run, without a setup, over the default <see cref="ICakeContext"/>.</summary>
public abstract class FrostingTeardown : FrostingTeardown<ICakeContext>;

/// <summary>A teardown of a run, without a setup, over the context <typeparamref name="TContext"/>.</summary>
public abstract class FrostingTeardown<TContext> : IFrostingTeardown
    where TContext : ICakeContext
{
    /// <summary>Called after the last task, also when a task failed.</summary>
    public abstract void Teardown(TContext context, ITeardownContext info);

    void IFrostingTeardown.Teardown(ICakeContext context, ITeardownContext info) => Teardown((TContext)context, info);
}
