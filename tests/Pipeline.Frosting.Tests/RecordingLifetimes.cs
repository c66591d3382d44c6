using Cake.Core;
using Cake.Frosting;

namespace Pipeline.Frosting.Tests;

internal sealed class RecordingSetup(ExecutionLog log) : FrostingSetup<TestContext>
{
    public override void Setup(TestContext context, ISetupContext info) => log.Entries.Add("Setup");
}

internal sealed class RecordingTeardown(ExecutionLog log) : FrostingTeardown<TestContext>
{
    public override void Teardown(TestContext context, ITeardownContext info) => log.Entries.Add("Teardown");
}

internal sealed class RecordingTaskSetup(ExecutionLog log) : FrostingTaskSetup<TestContext>
{
    public override void Setup(TestContext context, ITaskSetupContext info) => log.Entries.Add($"before {info.Task.Name}");
}

internal sealed class RecordingTaskTeardown(ExecutionLog log) : FrostingTaskTeardown<TestContext>
{
    public override void Teardown(TestContext context, ITaskTeardownContext info) => log.Entries.Add($"after {info.Task.Name}");
}

/// <summary>A lifetime over the default context, as Cake.Frosting's non-generic base class allows.</summary>
internal sealed class PlainLifetime(ExecutionLog log) : FrostingLifetime
{
    public override void Setup(ICakeContext context, ISetupContext info) => log.Entries.Add("plain Setup");

    public override void Teardown(ICakeContext context, ITeardownContext info) => log.Entries.Add("plain Teardown");
}

internal sealed class PlainTaskLifetime(ExecutionLog log) : FrostingTaskLifetime
{
    public override void Setup(ICakeContext context, ITaskSetupContext info) => log.Entries.Add($"plain before {info.Task.Name}");

    public override void Teardown(ICakeContext context, ITaskTeardownContext info) => log.Entries.Add($"plain after {info.Task.Name}");
}

/// <summary>Registers the graph and the lifetimes in one place, as a startup does.</summary>
internal sealed class PlainStartup : IFrostingStartup
{
    public void Configure(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
        services.UseLifetime<PlainLifetime>().UseTaskLifetime<PlainTaskLifetime>();
}
