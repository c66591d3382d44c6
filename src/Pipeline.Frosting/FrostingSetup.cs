using Cake.Core;

namespace Cake.Frosting;

/// <summary>A setup of a run, without a teardown, over the default <see cref="ICakeContext"/>.</summary>
public abstract class FrostingSetup : FrostingSetup<ICakeContext>;

/// <summary>A setup of a run, without a teardown, over the context <typeparamref name="TContext"/>.</summary>
public abstract class FrostingSetup<TContext> : IFrostingSetup
    where TContext : ICakeContext
{
    /// <summary>Called before the first task.</summary>
    public abstract void Setup(TContext context, ISetupContext info);

    void IFrostingSetup.Setup(ICakeContext context, ISetupContext info) => Setup((TContext)context, info);
}
