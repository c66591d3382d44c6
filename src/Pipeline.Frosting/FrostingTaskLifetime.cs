using Cake.Core;

namespace Cake.Frosting;

/// <summary>Setup and teardown around every task over the default <see cref="ICakeContext"/>.</summary>
public abstract class FrostingTaskLifetime : FrostingTaskLifetime<ICakeContext>;

/// <summary>Setup and teardown around every task over the context <typeparamref name="TContext"/>.</summary>
public abstract class FrostingTaskLifetime<TContext> : IFrostingTaskLifetime
    where TContext : ICakeContext
{
    /// <summary>Called before every task.</summary>
    public abstract void Setup(TContext context, ITaskSetupContext info);

    /// <summary>Called after every task, with its outcome.</summary>
    public abstract void Teardown(TContext context, ITaskTeardownContext info);

    void IFrostingTaskSetup.Setup(ICakeContext context, ITaskSetupContext info) => Setup((TContext)context, info);

    void IFrostingTaskTeardown.Teardown(ICakeContext context, ITaskTeardownContext info) => Teardown((TContext)context, info);
}
