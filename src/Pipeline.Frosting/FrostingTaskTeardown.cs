using Cake.Core;

namespace Cake.Frosting;

/// <summary>A teardown after every task, without a setup, over the default <see cref="ICakeContext"/>.</summary>
public abstract class FrostingTaskTeardown : FrostingTaskTeardown<ICakeContext>;

/// <summary>A teardown after every task, without a setup, over the context <typeparamref name="TContext"/>.</summary>
public abstract class FrostingTaskTeardown<TContext> : IFrostingTaskTeardown
    where TContext : ICakeContext
{
    /// <summary>Called after every task, with its outcome.</summary>
    public abstract void Teardown(TContext context, ITaskTeardownContext info);

    void IFrostingTaskTeardown.Teardown(ICakeContext context, ITaskTeardownContext info) => Teardown((TContext)context, info);
}
