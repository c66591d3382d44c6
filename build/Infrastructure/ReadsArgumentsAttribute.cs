namespace Pipeline.Build.Infrastructure;

/// <summary>The --arguments a task reads. A run refuses any argument that none of its tasks reads (a typo must not be ignored).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ReadsArgumentsAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
