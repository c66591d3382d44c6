using Cake.Core;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Processes;
using Pipeline.Core.Quality;
using Pipeline.Core.Secrets;

namespace Pipeline.Build;

/// <summary>
/// The typed context of a run. Configuration is loaded and validated once, on first use, so targets
/// that repair configuration (ConfigRestore) and targets that only describe the graph never need it.
/// </summary>
public sealed class BuildContext : FrostingContext
{
    private readonly Lazy<EnvironmentSettings> settings;
    private readonly Lazy<QualitySettings> quality;

    public BuildContext(ICakeContext context, SecretMasker masker, ICommandRunner runner)
        : base(context)
    {
        Paths = new Paths(context.Environment.WorkingDirectory.FullPath);
        Catalog = new EnvironmentCatalog(Paths.Environments);
        DefaultEnvironment = new DefaultEnvironment(Paths.DefaultEnvironmentFile);
        Secrets = new SecretResolver([new EnvironmentSecretSource(), new FileSecretStore(FileSecretStore.DefaultPath)], masker);
        Runner = runner;
        EnvironmentName = DefaultEnvironment.Resolve(Argument(ArgumentNames.Environment));
        settings = new Lazy<EnvironmentSettings>(() => new EnvironmentLoader(Catalog).Load(EnvironmentName));
        quality = new Lazy<QualitySettings>(() => TypedJsonFile.Load<QualitySettings>(Paths.QualitySettings));
    }

    public Paths Paths { get; }

    public EnvironmentCatalog Catalog { get; }

    public DefaultEnvironment DefaultEnvironment { get; }

    public SecretResolver Secrets { get; }

    public ICommandRunner Runner { get; }

    /// <summary>The environment of this run: --env, else the one set by ConfigUse, else development.</summary>
    public string EnvironmentName { get; }

    /// <summary>The validated settings of <see cref="EnvironmentName"/>, loaded on first use.</summary>
    public EnvironmentSettings Settings => settings.Value;

    public QualitySettings Quality => quality.Value;

    public bool IsGitHubActions => System.Environment.GetEnvironmentVariable(EnvVars.GitHubActions) == "true";

    /// <summary>Who runs this: the CI actor when there is one, else the local user and host.</summary>
    public string Builder =>
        System.Environment.GetEnvironmentVariable(EnvVars.GitHubActor) is { Length: > 0 } actor
            ? $"{actor} (GitHub Actions run {System.Environment.GetEnvironmentVariable(EnvVars.GitHubRunId)})"
            : $"{System.Environment.UserName}@{System.Environment.MachineName}";

    /// <summary>The artifact built or reused by Build in this run, for the targets after it.</summary>
    public ArtifactLayout? Artifact { get; set; }

    public ConfigBackupStore ConfigBackups => new(Paths.ConfigBackups, Catalog);

    public string? Argument(string name) =>
        Arguments.HasArgument(name) ? Arguments.GetArgument(name) : null;

    public string RequireArgument(string name, string expected) =>
        Argument(name) is { Length: > 0 } value
            ? value
            : throw new ConfigurationException($"--{name}: missing; expected {expected}.");
}
