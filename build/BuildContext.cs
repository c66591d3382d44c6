using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Deployment;
using Pipeline.Core.Notifications;
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
    private Deployments? deployments;

    public BuildContext(ICakeContext context, SecretMasker masker, ICommandRunner runner, IApprovalPrompt approvalPrompt)
        : base(context)
    {
        ApprovalPrompt = approvalPrompt;
        Paths = new Paths(context.Environment.WorkingDirectory.FullPath);
        Catalog = new EnvironmentCatalog(Paths.Environments);
        DefaultEnvironment = new DefaultEnvironment(Paths.DefaultEnvironmentFile);
        Secrets = new SecretResolver([new EnvironmentSecretSource(), new FileSecretStore(FileSecretStore.DefaultPath)], masker);
        Runner = runner;
        EnvironmentChoice = DefaultEnvironment.Choose(Argument(ArgumentNames.Environment));
        EnvironmentName = EnvironmentChoice.Name;
        settings = new Lazy<EnvironmentSettings>(() => new EnvironmentLoader(Catalog).Load(EnvironmentName));
        quality = new Lazy<QualitySettings>(() => TypedJsonFile.Load<QualitySettings>(Paths.QualitySettings));
    }

    public Paths Paths { get; }

    public EnvironmentCatalog Catalog { get; }

    public DefaultEnvironment DefaultEnvironment { get; }

    public SecretResolver Secrets { get; }

    public ICommandRunner Runner { get; }

    public IApprovalPrompt ApprovalPrompt { get; }

    /// <summary>SIGTERM and Ctrl+C, seen by the deploy and rollback between their steps.</summary>
    public SignalWatch Signals { get; } = new();

    /// <summary>The CI run, when there is one: its URL under GitHub Actions.</summary>
    public string? CiRun =>
        System.Environment.GetEnvironmentVariable(EnvVars.GitHubRunId) is { Length: > 0 } run
            ? $"{System.Environment.GetEnvironmentVariable("GITHUB_SERVER_URL")}/{System.Environment.GetEnvironmentVariable("GITHUB_REPOSITORY")}/actions/runs/{run}"
            : null;

    /// <summary>The environment of this run: --env, else the one set by ConfigUse, else development.</summary>
    public string EnvironmentName { get; }

    /// <summary>The environment of the run and where it came from (--env, ConfigUse, the default).</summary>
    public EnvironmentChoice EnvironmentChoice { get; }

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

    /// <summary>
    /// True once Cake has set up a task. A dry run (--dryrun) sets up none, on Cake.Frosting as on this host,
    /// so a run that set up no task and succeeded was a dry run.
    /// </summary>
    public bool TaskStarted { get; set; }

    /// <summary>The version to validate or deploy: the one Build made in this run, else --app-version, else the checked-out commit's.</summary>
    public async Task<string> VersionAsync() =>
        Artifact?.Version ?? (Argument(ArgumentNames.AppVersion) is { Length: > 0 } given
            ? BuildVersion.ValidateOverride(given)
            : (await new GitVersionReader(Runner, Paths.Root).ReadAsync(null).ConfigureAwait(false)).Version);

    /// <summary>
    /// The artifact to validate or deploy: the one Build made in this run, else the one of <see cref="VersionAsync"/> fetched
    /// from the environment's artifact store, its digest verified.
    /// </summary>
    public async Task<ArtifactLayout> ArtifactAsync() =>
        Artifact ?? Deployments.Artifacts.Fetch(await VersionAsync().ConfigureAwait(false), EnvironmentName);

    /// <summary>The approval of this run's deploy or rollback, when the environment requires one.</summary>
    public Approval? Approval { get; set; }

    /// <summary>The deployment services of <see cref="EnvironmentName"/>, composed on first use.</summary>
    public Deployments Deployments => deployments ??= new Deployments(this);

    /// <summary>The deploy lock this run holds, if any; released when the run ends.</summary>
    public LockHolder? HeldLock { get; private set; }

    /// <summary>The backup the Backup target took in this run, for Deploy to name.</summary>
    public string? BackupId { get; set; }

    /// <summary>The outcome of the deploy or rollback of this run, for Notify.</summary>
    public DeployOutcome? Outcome { get; set; }

    public string? FromVersion { get; set; }

    /// <summary>Each task's duration and outcome, in order, for the notification.</summary>
    public List<StageTiming> Stages { get; } = [];

    /// <summary>The deploy or rollback plan's steps as they began, for the deployment report.</summary>
    public StepClock Steps { get; } = new(TimeProvider.System);

    /// <summary>The first task that failed in this run, and why.</summary>
    public (string Task, string Reason)? Failure { get; set; }

    public bool Notified { get; set; }

    /// <summary>--promote or --abort: this run only tells the canary deploy in progress what to do; null otherwise.</summary>
    public Pipeline.Core.Deployment.CanaryOrder? CanaryOrder =>
        (HasFlag(ArgumentNames.Promote), HasFlag(ArgumentNames.Abort)) switch
        {
            (true, true) => throw new Pipeline.Core.Configuration.ConfigurationException("--promote and --abort: give one of them; the canary cannot both widen and stop."),
            (true, false) => Pipeline.Core.Deployment.CanaryOrder.Promote,
            (false, true) => Pipeline.Core.Deployment.CanaryOrder.Abort,
            _ => null,
        };

    /// <summary>The names of the tasks this run set out to execute.</summary>
    public IReadOnlyList<string> PlannedTasks { get; set; } = [];

    /// <summary>
    /// The tasks that run, given the first one set up. Cake's plan lists a target's dependencies even under --exclusive,
    /// where only the target runs; the tasks that run are those from the first one set up on.
    /// </summary>
    /// <param name="firstTask">The first task set up.</param>
    public IReadOnlyList<string> RunningTasks(string firstTask) =>
        PlannedTasks.SkipWhile(t => !string.Equals(t, firstTask, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Takes the environment's deploy lock for this run (once); --break-lock breaks a held one, audited.</summary>
    public void AcquireLock(string operation)
    {
        if (HeldLock is not null)
        {
            return;
        }

        var lifetime = TimeSpan.FromSeconds(Math.Max(600, Settings.Deployment.HealthCheck.TimeoutSeconds * 4));
        var (held, broken) = Deployments.Lock.Acquire(EnvironmentName, operation, Builder, lifetime, HasFlag(ArgumentNames.BreakLock));
        HeldLock = held;
        if (broken is not null)
        {
            Deployments.Audit.Append(Pipeline.Core.Audit.AuditActor.Current(), new Pipeline.Core.Audit.AuditEntry(
                "lock-break", EnvironmentName, "succeeded", Reason: $"--break-lock: broke the lock held by {broken}"));
        }

        foreach (var closed in Deployments.Ledger.CloseInterrupted())
        {
            Log.Warning("Closed {0} {1} ({2} -> {3}) as interrupted: the run that started it never finished it.", closed.Kind.ToString().ToLowerInvariant(), closed.Id, closed.FromVersion ?? "-", closed.ToVersion ?? "-");
        }
    }

    public void ReleaseLock()
    {
        if (HeldLock is { } held)
        {
            Deployments.Lock.Release(held);
            HeldLock = null;
        }
    }

    public ConfigBackupStore ConfigBackups => new(Paths.ConfigBackups, Catalog);

    public string? Argument(string name) =>
        Arguments.HasArgument(name) ? Arguments.GetArgument(name) : null;

    /// <summary>True when --<paramref name="name"/> was given, with or without a value.</summary>
    public bool HasFlag(string name) => Arguments.HasArgument(name) && Arguments.GetArgument(name) is not "false";

    public string RequireArgument(string name, string expected) =>
        Argument(name) is { Length: > 0 } value
            ? value
            : throw new ConfigurationException($"--{name}: missing; expected {expected}.");
}
