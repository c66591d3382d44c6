using Cake.Core;
using Cake.Core.Diagnostics;

namespace Cake.Frosting.Internal;

/// <summary>Registers the tasks, setups and teardowns with Cake's engine, as Cake.Frosting does.</summary>
internal sealed class TaskGraphRegistrar(
    ICakeEngine engine,
    IFrostingContext context,
    ICakeLog log,
    IEnumerable<IFrostingTask> tasks,
    IFrostingSetup? setup = null,
    IFrostingTeardown? teardown = null,
    IFrostingTaskSetup? taskSetup = null,
    IFrostingTaskTeardown? taskTeardown = null)
{
    public void Register()
    {
        foreach (var task in tasks)
        {
            RegisterTask(task);
        }

        if (setup is not null)
        {
            log.Debug("Registering setup: {0}", setup.GetType().Name);
            engine.RegisterSetupAction(info => setup.Setup(context, info));
        }

        if (teardown is not null)
        {
            log.Debug("Registering teardown: {0}", teardown.GetType().Name);
            engine.RegisterTeardownAction(info => teardown.Teardown(context, info));
        }

        if (taskSetup is not null)
        {
            log.Debug("Registering task setup: {0}", taskSetup.GetType().Name);
            engine.RegisterTaskSetupAction(info => taskSetup.Setup(context, info));
        }

        if (taskTeardown is not null)
        {
            log.Debug("Registering task teardown: {0}", taskTeardown.GetType().Name);
            engine.RegisterTaskTeardownAction(info => taskTeardown.Teardown(context, info));
        }
    }

    private void RegisterTask(IFrostingTask task)
    {
        var type = task.GetType();
        var name = type.GetTaskName();
        log.Debug("Registering task: {0}", name);

        var contextType = type.GetContextType();
        if (!contextType.IsInstanceOfType(context))
        {
            log.Warning("Task cannot be used since the context isn't convertible to {0}.", contextType.FullName);
            return;
        }

        var builder = engine.RegisterTask(name);
        var description = type.GetTaskDescription();
        if (!string.IsNullOrWhiteSpace(description))
        {
            builder.Description(description);
        }

        if (type.Overrides("Run") || type.Overrides("RunAsync"))
        {
            builder.Does(() => task.RunAsync(context));
        }

        if (type.Overrides("ShouldRun"))
        {
            builder.WithCriteria(_ => task.ShouldRun(context), task.SkippedMessage);
        }

        if (type.IsContinueOnError())
        {
            builder.ContinueOnError();
        }

        if (type.Overrides("OnError"))
        {
            builder.OnError(exception => task.OnError(exception, context));
        }

        if (type.Overrides("Finally"))
        {
            builder.Finally(() => task.Finally(context));
        }

        // Whether a dependency is registered is left to Cake's engine, which names the missing task when the graph is built.
        foreach (var dependency in type.GetDependencies())
        {
            builder.IsDependentOn(RequireTask(dependency, "dependency"));
        }

        foreach (var dependee in type.GetDependees())
        {
            builder.IsDependeeOf(RequireTask(dependee, "reverse dependency"));
        }
    }

    private static string RequireTask(Type other, string relation) =>
        typeof(IFrostingTask).IsAssignableFrom(other)
            ? other.GetTaskName()
            : throw new FrostingException($"The {relation} '{other.GetTaskName()}' is not a valid task.");
}
