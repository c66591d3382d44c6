namespace Cake.Frosting;

/// <summary>A failure of this task is reported but does not stop the run.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ContinueOnErrorAttribute : Attribute;
