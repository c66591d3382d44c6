namespace Pipeline.Build.Infrastructure;

/// <summary>
/// A target that reads no environment (no --env, no ConfigUse default): a run of only such targets does not print
/// the environment banner, which would suggest the run acts on one.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class UsesNoEnvironmentAttribute : Attribute;
