using System.Reflection;

namespace Cake.Frosting.Internal;

/// <summary>What the attributes of a task type say about it.</summary>
internal static class TaskTypeExtensions
{
    public static string GetTaskName(this Type taskType) =>
        taskType.GetCustomAttribute<TaskNameAttribute>()?.Name ?? taskType.Name;

    public static string? GetTaskDescription(this Type taskType) =>
        taskType.GetCustomAttribute<TaskDescriptionAttribute>()?.Description;

    public static bool IsContinueOnError(this Type taskType) =>
        taskType.GetCustomAttribute<ContinueOnErrorAttribute>() is not null;

    public static IEnumerable<Type> GetDependencies(this Type taskType) =>
        taskType.GetCustomAttributes<IsDependentOnAttribute>().Select(a => a.Task);

    public static IEnumerable<Type> GetDependees(this Type taskType) =>
        taskType.GetCustomAttributes<IsDependeeOfAttribute>().Select(a => a.Task);

    /// <summary>The context type the task is written for: the type argument of its Frosting base class.</summary>
    public static Type GetContextType(this Type taskType)
    {
        for (var type = taskType; type is not null; type = type.BaseType)
        {
            if (IsFrostingBase(type))
            {
                return type.GenericTypeArguments[0];
            }
        }

        return typeof(Cake.Core.ICakeContext);
    }

    public static bool IsTask(this Type type) =>
        typeof(IFrostingTask).IsAssignableFrom(type) && type is { IsClass: true, IsAbstract: false };

    /// <summary>True when the task type declares its own <paramref name="methodName"/> rather than the base class's empty one.</summary>
    public static bool Overrides(this Type taskType, string methodName)
    {
        for (var type = taskType; type is not null && !IsFrostingBase(type); type = type.BaseType)
        {
            var declared = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Any(m => m.Name == methodName && m.GetBaseDefinition().DeclaringType != m.DeclaringType);
            if (declared)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFrostingBase(Type type) =>
        type.IsGenericType
        && (type.GetGenericTypeDefinition() == typeof(FrostingTask<>) || type.GetGenericTypeDefinition() == typeof(AsyncFrostingTask<>));
}
