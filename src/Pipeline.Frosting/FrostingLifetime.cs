using Cake.Core;

namespace Cake.Frosting;

/// <summary>Setup and teardown of a run over the default <see cref="ICakeContext"/>.</summary>
public abstract class FrostingLifetime : FrostingLifetime<ICakeContext>;

/// <summary>Setup and teardown of a run over the context <typeparamref name="TContext"/>.</summary>
public abstract class FrostingLifetime<TContext> : IFrostingLifetime
    where TContext : ICakeContext
{
    /// <summary>Called before the first task.</summary>
    public abstract void Setup(TContext context, ISetupContext info);

    /// <summary>Called after the last task, also when a task failed.</summary>
    public abstract void Teardown(TContext context, ITeardownContext info);

    void IFrostingSetup.Setup(ICakeContext context, ISetupContext info) => Setup((TContext)context, info);

    void IFrostingTeardown.Teardown(ICakeContext context, ITeardownContext info) => Teardown((TContext)context, info);
}
