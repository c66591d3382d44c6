namespace Cake.Frosting;

/// <summary>
/// Names a task; without it the class name is the task name. Not inherited, as in Cake: a task derived
/// from a named task is named after its own class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TaskNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
