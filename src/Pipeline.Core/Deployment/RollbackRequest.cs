using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Deployment;

public enum RollbackComponent
{
    Application,
    Database,
    Config,
    All,
    Web,
}

/// <summary>What to roll back and to what: a version (application) or a backup id (database, config); null means the recorded previous one.</summary>
public sealed record RollbackRequest(RollbackComponent Component, string? To, EnvironmentSettings Settings, string ConfigFile, string ConfigBackups, string Who);

/// <summary>The release to roll back to is no longer on the server; it has to be rebuilt from its commit.</summary>
public sealed class ReleaseNotKeptException(string version, string message) : Exception(message)
{
    public string Version { get; } = version;
}
