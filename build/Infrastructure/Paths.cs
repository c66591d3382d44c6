namespace Pipeline.Build.Infrastructure;

/// <summary>Every path the build uses, relative to the repository root it runs in.</summary>
public sealed class Paths(string root)
{
    public string Root { get; } = root;

    public string Environments => Path.Combine(Root, "config", "environments");

    public string EnvironmentSchema => Path.Combine(Environments, "environment.schema.json");

    public string QualitySettings => Path.Combine(Root, "config", "quality.json");

    public string VulnerabilityList => Path.Combine(Root, "config", "vulnerabilities.json");

    public string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary>Artifacts fetched from a remote artifact store, by version.</summary>
    public string ArtifactCache => Path.Combine(LocalState, "artifact-cache");

    public string GeneratedConfig(string environment) => Path.Combine(Artifacts, "config", environment);

    public string AppProject => Path.Combine(Root, "src", "Trading.App", "Trading.App.csproj");

    /// <summary>Deployment and history reports (self-contained HTML).</summary>
    public string Reports => Path.Combine(Artifacts, "reports");

    public string E2EResults => Path.Combine(Artifacts, "e2e");

    public string LocalState => Path.Combine(Root, ".pipeline");

    public string ConfigBackups => Path.Combine(LocalState, "config-backups");

    public string DefaultEnvironmentFile => Path.Combine(LocalState, "default-environment");
}
