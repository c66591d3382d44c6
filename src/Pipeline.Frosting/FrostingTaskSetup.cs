using Cake.Core;

namespace Cake.Frosting;

/// <summary>A setup before every task, without a teardown, over the default <see cref="ICakeContext"/>.</summary>
public abstract class FrostingTaskSetup : FrostingTaskSetup<ICakeContext>;

/// <summary>A setup before every task, without a teardown, over the context <typeparamref name="TContext"/>.</summary>
public abstract class FrostingTaskSetup<TContext> : IFrostingTaskSetup
    where TContext : ICakeContext
{
    /// <summary>Called before every task.</summary>
    public abstract void Setup(TContext context, ITaskSetupContext info);

    void IFrostingTaskSetup.Setup(ICakeContext context, ITaskSetupContext info) => Setup((TContext)context, info);
}
