using Cake.Core;
using Cake.Core.Diagnostics;

namespace Cake.Frosting.Internal;

/// <summary>Registers the tasks and lifetimes with Cake's engine, as Cake.Frosting does.</summary>
internal sealed class TaskGraphRegistrar(
    ICakeEngine engine,
    IFrostingContext context,
    ICakeLog log,
    IEnumerable<IFrostingTask> tasks,
    IFrostingLifetime? lifetime = null,
    IFrostingTaskLifetime? taskLifetime = null)
{
    public void Register()
    {
        var known = tasks.Select(t => t.GetType()).ToHashSet();
        foreach (var task in tasks)
        {
            RegisterTask(task, known);
        }

        if (lifetime is not null)
        {
            engine.RegisterSetupAction(info => lifetime.Setup(context, info));
            engine.RegisterTeardownAction(info => lifetime.Teardown(context, info));
        }

        if (taskLifetime is not null)
        {
            engine.RegisterTaskSetupAction(info => taskLifetime.Setup(context, info));
            engine.RegisterTaskTeardownAction(info => taskLifetime.Teardown(context, info));
        }
    }

    private void RegisterTask(IFrostingTask task, HashSet<Type> known)
    {
        var type = task.GetType();
        var name = type.GetTaskName();
        log.Debug("Registering task: {0}", name);
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
            builder.WithCriteria(_ => task.ShouldRun(context));
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

        foreach (var dependency in type.GetDependencies())
        {
            builder.IsDependentOn(RequireTask(name, dependency, known, "depends on"));
        }

        foreach (var dependee in type.GetDependees())
        {
            builder.IsDependeeOf(RequireTask(name, dependee, known, "is a dependee of"));
        }
    }

    private static string RequireTask(string taskName, Type other, HashSet<Type> known, string relation)
    {
        if (!other.IsTask())
        {
            throw new FrostingException($"Task '{taskName}' {relation} '{other.FullName}', which is not a task.");
        }

        if (!known.Contains(other))
        {
            throw new FrostingException($"Task '{taskName}' {relation} '{other.GetTaskName()}', which is not registered with the host.");
        }

        return other.GetTaskName();
    }
}
