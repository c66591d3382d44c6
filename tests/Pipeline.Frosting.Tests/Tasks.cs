using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;

namespace Pipeline.Frosting.Tests;

[TaskName("Clean")]
[TaskDescription("Removes outputs")]
public sealed class CleanTask(ExecutionLog log) : FrostingTask<TestContext>
{
    public override void Run(TestContext context) => log.Entries.Add("Clean");
}

[TaskName("Compile")]
[IsDependentOn(typeof(CleanTask))]
public sealed class CompileTask(ExecutionLog log) : AsyncFrostingTask<TestContext>
{
    public override async Task RunAsync(TestContext context)
    {
        await Task.Yield();
        log.Entries.Add("Compile");
    }
}

[TaskName("Package")]
[TaskDescription("Packs the build")]
[IsDependentOn(typeof(CompileTask))]
public sealed class PackageTask(ExecutionLog log) : FrostingTask<TestContext>
{
    public override void Run(TestContext context) => log.Entries.Add($"Package env={context.Env ?? "none"}");
}

[TaskName("Announce")]
[IsDependeeOf(typeof(PackageTask))]
public sealed class AnnounceTask(ExecutionLog log) : FrostingTask<TestContext>
{
    public override void Run(TestContext context) => log.Entries.Add("Announce");
}

[TaskName("Publish")]
[IsDependentOn(typeof(SkippedTask))]
public sealed class PublishTask(ExecutionLog log) : FrostingTask<TestContext>
{
    public override void Run(TestContext context) => log.Entries.Add("Publish");
}

[TaskName("Upload")]
public sealed class SkippedTask(ExecutionLog log) : FrostingTask<TestContext>
{
    public override bool ShouldRun(TestContext context)
    {
        context.Log.Information("Skipping Upload: no bucket is configured for this environment");
        return false;
    }

    public override void Run(TestContext context) => log.Entries.Add("Upload");
}

[TaskName("Explode")]
[IsDependentOn(typeof(CleanTask))]
public sealed class FailingTask(ExecutionLog log) : FrostingTask<TestContext>
{
    public override void Run(TestContext context) => throw new InvalidOperationException("the disk is full");

    public override void OnError(Exception exception, TestContext context)
    {
        log.Entries.Add($"OnError: {exception.Message}");
        throw exception;
    }

    public override void Finally(TestContext context) => log.Entries.Add("Finally");
}

[TaskName("Flaky")]
[ContinueOnError]
public sealed class FlakyTask(ExecutionLog log) : FrostingTask<TestContext>
{
    public override void Run(TestContext context)
    {
        log.Entries.Add("Flaky");
        throw new InvalidOperationException("flaky failure");
    }
}

[TaskName("AfterFlaky")]
[IsDependentOn(typeof(FlakyTask))]
public sealed class AfterFlakyTask(ExecutionLog log) : FrostingTask<TestContext>
{
    public override void Run(TestContext context) => log.Entries.Add("AfterFlaky");
}

public sealed class RecordingLifetime(ExecutionLog log) : FrostingLifetime<TestContext>
{
    public override void Setup(TestContext context, ISetupContext info) => log.Entries.Add("Setup");

    public override void Teardown(TestContext context, ITeardownContext info) => log.Entries.Add($"Teardown successful={info.Successful}");
}

public sealed class RecordingTaskLifetime(ExecutionLog log) : FrostingTaskLifetime<TestContext>
{
    public override void Setup(TestContext context, ITaskSetupContext info) => log.Entries.Add($"before {info.Task.Name}");

    public override void Teardown(TestContext context, ITaskTeardownContext info) => log.Entries.Add($"after {info.Task.Name}");
}
