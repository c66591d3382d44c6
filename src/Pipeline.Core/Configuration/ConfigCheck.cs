using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Configuration;

/// <summary>
/// The outcome of validating an environment's file: the settings when it has no fault, every fault, and what could not
/// be checked because of them (null when everything was).
/// </summary>
public sealed record ConfigCheck(EnvironmentSettings? Settings, IReadOnlyList<ConfigError> Errors, string? NotChecked);
