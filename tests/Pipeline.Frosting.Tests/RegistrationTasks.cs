using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;

namespace Pipeline.Frosting.Tests;

// Internal, so that adding this assembly to a host (AddAssembly) registers only the valid public graph of Tasks.cs.

[TaskName("Base")]
internal class NamedBaseTask(ExecutionLog log) : FrostingTask<TestContext>
{
    public override void Run(TestContext context) => log.Entries.Add(GetType().Name);
}

internal sealed class DerivedFromNamedTask(ExecutionLog log) : NamedBaseTask(log);

[IsDependentOn(typeof(DateTime))]
internal sealed class DependsOnNonTask : FrostingTask<TestContext>;

[IsDependeeOf(typeof(DateTime))]
internal sealed class DependeeOfNonTask : FrostingTask<TestContext>;

internal sealed class FailsWithExitCode : FrostingTask<TestContext>
{
    public override void Run(TestContext context) => throw new CakeException(42, "the release gate is closed");
}

internal sealed class FailsPlainly : FrostingTask<TestContext>
{
    public override void Run(TestContext context) => throw new InvalidOperationException("plain failure");
}

internal sealed class OtherContext(ICakeContext context) : FrostingContext(context);

internal sealed class NeedsOtherContext(ExecutionLog log) : FrostingTask<OtherContext>
{
    public override void Run(OtherContext context) => log.Entries.Add("NeedsOtherContext");
}

internal sealed class SkippedWithMessage(ExecutionLog log) : FrostingTask<TestContext>, IFrostingTask
{
    string IFrostingTask.SkippedMessage => "nothing to sign";

    public override bool ShouldRun(TestContext context) => false;

    public override void Run(TestContext context) => log.Entries.Add("SkippedWithMessage");
}

[IsDependentOn(typeof(SkippedWithMessage))]
internal sealed class AfterSkippedWithMessage(ExecutionLog log) : FrostingTask<TestContext>
{
    public override void Run(TestContext context) => log.Entries.Add(nameof(AfterSkippedWithMessage));
}

/// <summary>Uses the tool the host installed: Cake's tool locator resolves it by name.</summary>
internal sealed class UsesTool(ExecutionLog log) : FrostingTask
{
    public override void Run(ICakeContext context) =>
        log.Entries.Add($"resolved {context.Tools.Resolve(FakePackageInstaller.ToolFile)?.GetFilename().FullPath ?? "nothing"}");
}

internal sealed class ReadsArguments(ExecutionLog log) : FrostingTask
{
    public override void Run(ICakeContext context) =>
        log.Entries.Add($"target={context.Arguments.GetArgument("target")} dryrun={context.Arguments.HasArgument("dryrun")}");
}

internal sealed class ReadsSetting(ExecutionLog log) : FrostingTask
{
    public override void Run(ICakeContext context) => log.Entries.Add($"setting={context.Configuration.GetValue("Pipeline_Setting")}");
}

internal sealed class LogsAndRuns(ExecutionLog log) : FrostingTask
{
    public override void Run(ICakeContext context)
    {
        context.Log.Information("running");
        log.Entries.Add("LogsAndRuns");
    }
}
