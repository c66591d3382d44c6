using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Targets.Ssh;

namespace Pipeline.Core.Configuration.Validation;

/// <summary>The rules a well-shaped environment must also meet; production is held to stricter ones.</summary>
public static class EnvironmentRules
{
    public const string Production = "production";

    public static IReadOnlyList<ConfigError> Check(EnvironmentSettings settings, string expectedName, string file)
    {
        var errors = new List<ConfigError>();
        void Fail(string path, string found, string expected) => errors.Add(new ConfigError(file, path, found, expected));

        if (settings.Name != expectedName)
        {
            Fail("$.name", Quote(settings.Name), $"\"{expectedName}\", the name of the file");
        }

        CheckServer(settings.Server, Fail);
        CheckDatabase(settings.Database, Fail);
        foreach (var (name, endpoint) in settings.Services)
        {
            CheckUrl(endpoint.Url, $"$.services.{name}.url", Fail);
            Range(endpoint.TimeoutSeconds, 1, 300, $"$.services.{name}.timeoutSeconds", Fail);
        }

        Range(settings.Auth.TokenLifetimeMinutes, 1, 1440, "$.auth.tokenLifetimeMinutes", Fail);
        Range(settings.Caching.TtlSeconds, 0, 86_400, "$.caching.ttlSeconds", Fail);
        if (settings.Caching.Provider == CacheProvider.Redis && settings.Caching.Connection is null)
        {
            Fail("$.caching.connection", "nothing", "a secret reference to the Redis connection when provider is redis");
        }

        CheckDeployment(settings.Deployment, Fail);
        CheckDatabaseHost(settings, Fail);
        if (settings.Deployment.PromoteFrom is { } promoteFrom && promoteFrom == settings.Name)
        {
            Fail("$.deployment.promoteFrom", Quote(promoteFrom), "another environment's name: an environment cannot promote from itself");
        }
        if (settings.Notifications.Email is { } email)
        {
            CheckEmail(email, Fail);
        }

        if (settings.Monitoring.AlertEmail is { } alertEmail)
        {
            CheckFormat(alertEmail, ValueFormat.Email, "$.monitoring.alertEmail", Fail);
        }

        if (settings.Name == Production)
        {
            CheckProduction(settings, Fail);
        }

        return errors;
    }

    private static void CheckEmail(EmailSettings email, Action<string, string, string> fail)
    {
        CheckFormat(email.SmtpHost, ValueFormat.Host, "$.notifications.email.smtpHost", fail);
        CheckFormat(email.From, ValueFormat.Email, "$.notifications.email.from", fail);
        if (email.To.Count == 0)
        {
            fail("$.notifications.email.to", "an empty list", "at least one recipient");
        }

        for (var i = 0; i < email.To.Count; i++)
        {
            CheckFormat(email.To[i], ValueFormat.Email, $"$.notifications.email.to[{i}]", fail);
        }
    }

    private static void CheckServer(ServerSettings server, Action<string, string, string> fail)
    {
        CheckFormat(server.Host, ValueFormat.Host, "$.server.host", fail);
        Range(server.Port, 1, 65_535, "$.server.port", fail);
        CheckUrl(server.BaseUrl, "$.server.baseUrl", fail);
    }

    private static void CheckDatabase(DatabaseSettings database, Action<string, string, string> fail)
    {
        if (database.Engine == DatabaseEngine.Sqlite && string.IsNullOrWhiteSpace(database.Path))
        {
            fail("$.database.path", "nothing", "the SQLite database file when engine is sqlite");
        }

        if (database.Engine != DatabaseEngine.Sqlite && database.ConnectionString is null)
        {
            fail("$.database.connectionString", "nothing", $"a secret reference to the connection string when engine is {EnumNames.Of(database.Engine)}");
        }

        // The app resolves its connection string where it runs, from its own environment; it has no secret store.
        if (database.ConnectionString is { Source: SecretSource.Store } stored)
        {
            fail("$.database.connectionString", Quote(stored), "an env: reference (\"env:NAME\"): the app reads it from its environment where it runs");
        }

        Range(database.CommandTimeoutSeconds, 1, 3600, "$.database.commandTimeoutSeconds", fail);
    }

    // A SQLite file lives beside the one app that uses it; two hosts cannot share it.
    private static void CheckDatabaseHost(EnvironmentSettings settings, Action<string, string, string> fail)
    {
        if (settings.Database.Engine != DatabaseEngine.Sqlite)
        {
            return;
        }

        var targets = settings.Deployment.Targets;
        var local = targets.Count(t => t.Kind is TargetKind.Local || (t.Kind is TargetKind.Container && t.Host is null));
        if (local != 1 || targets.Any(t => t.Kind == TargetKind.Ssh || (t.Kind == TargetKind.Container && t.Host is not null)))
        {
            var found = string.Join(", ", targets.Where(t => t.Kind != TargetKind.S3).Select(t => $"{t.Name} ({EnumNames.Of(t.Kind)})"));
            fail("$.database.engine", $"\"sqlite\" with application targets [{found}]", "exactly one target of kind local or container with sqlite (the database file lives beside that one app); use postgresql or mongodb for other targets");
        }
    }

    private static void CheckDeployment(DeploymentSettings deployment, Action<string, string, string> fail)
    {
        CheckStore(deployment.ArtifactStore, "$.deployment.artifactStore", fail);
        CheckStore(deployment.StateStore, "$.deployment.stateStore", fail);
        if (deployment.Targets.Count == 0)
        {
            fail("$.deployment.targets", "an empty list", "at least one target");
        }

        for (var i = 0; i < deployment.Targets.Count; i++)
        {
            var target = deployment.Targets[i];
            if (target.Kind == TargetKind.Ssh || (target.Kind == TargetKind.Container && target.Host is not null))
            {
                CheckSshTarget(target, $"$.deployment.targets[{i}]", fail);
            }

            if (target.Kind == TargetKind.Container)
            {
                ContainerTargetRules.Check(target, deployment.Image, $"$.deployment.targets[{i}]", fail);
            }

            if (TargetKinds.IsApplication(target.Kind) && string.IsNullOrWhiteSpace(target.Path))
            {
                fail($"$.deployment.targets[{i}].path", "nothing", "the directory that holds releases/ and current");
            }

            if (target.Kind == TargetKind.S3)
            {
                CheckSite(target.Site, $"$.deployment.targets[{i}].site", fail);
            }
        }

        CheckStrategy(deployment.Strategy, fail);
        CheckImage(deployment.Image, fail);
        if (deployment.Router is { } router)
        {
            RouterRules.Check(router, deployment.Targets, fail);
        }

        CanaryRules.Check(deployment, fail);
        BlueGreenRules.Check(deployment, fail);

        Range(deployment.Retention.BackupMaxAgeDays, 0, 3650, "$.deployment.retention.backupMaxAgeDays", fail);

        Range(deployment.HealthCheck.Retries, 1, 100, "$.deployment.healthCheck.retries", fail);
        Range(deployment.HealthCheck.IntervalSeconds, 1, 60, "$.deployment.healthCheck.intervalSeconds", fail);
        Range(deployment.HealthCheck.TimeoutSeconds, 1, 3600, "$.deployment.healthCheck.timeoutSeconds", fail);
        Range(deployment.Retention.Releases, 2, 100, "$.deployment.retention.releases", fail);
        Range(deployment.Retention.Backups, 1, 1000, "$.deployment.retention.backups", fail);
    }

    private static void CheckSshTarget(DeploymentTarget target, string path, Action<string, string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(target.Host))
        {
            fail($"{path}.host", "nothing", "a host name for an ssh target");
        }
        else
        {
            CheckFormat(target.Host, ValueFormat.Host, $"{path}.host", fail);
        }

        Range(target.Port, 1, 65_535, $"{path}.port", fail);
        if (!string.IsNullOrWhiteSpace(target.Path) && !target.Path.StartsWith('/'))
        {
            fail($"{path}.path", Quote(target.Path), "an absolute directory on the host, e.g. /srv/trading");
        }

        if (string.IsNullOrWhiteSpace(target.User))
        {
            fail($"{path}.user", "nothing", "the user the pipeline logs in as on an ssh target");
        }

        if (target.Identity is null)
        {
            fail($"{path}.identity", "nothing", $"{SecretReference.Syntax} to the private key of the user, for an ssh target");
        }

        if (target.HostKey is null)
        {
            fail($"{path}.hostKey", "nothing", $"{HostKeyPin.Syntax}, for an ssh target: an unknown host key is refused");
        }
        else if (!HostKeyPin.TryParse(target.HostKey, out _))
        {
            fail($"{path}.hostKey", Quote(target.HostKey), HostKeyPin.Syntax);
        }

        if (target.Url is null)
        {
            fail($"{path}.url", "nothing", "the base URL the app on this host listens and answers on, e.g. http://10.0.0.12:8080/, for an ssh target");
        }
        else
        {
            CheckUrl(target.Url, $"{path}.url", fail);
        }

        if (target.Service is not null and not "supervisor")
        {
            fail($"{path}.service", Quote(target.Service), "\"supervisor\" (the pipeline's own supervisor); systemd units are not supported: systemd is not running on the machines this pipeline is built and tested on (no systemd as PID 1), so starting, stopping and draining a unit could not be proven");
        }
    }

    private static void CheckImage(ImageSettings? image, Action<string, string, string> fail)
    {
        if (image?.Registry is { } registry && !System.Text.RegularExpressions.Regex.IsMatch(registry, ImageSettings.RegistryPattern))
        {
            fail("$.deployment.image.registry", $"\"{registry}\"", "host:port of a registry, e.g. 127.0.0.1:5000, without a scheme or path");
        }

        if (image is not null)
        {
            CheckFormat(image.Source, ValueFormat.AbsoluteUri, "$.deployment.image.source", fail);
        }
    }

    private static void CheckStrategy(StrategySettings strategy, Action<string, string, string> fail)
    {
        if (strategy.Kind == StrategyKind.Rolling)
        {
            if (strategy.BatchSize is not null && strategy.MaxUnavailable is not null)
            {
                fail("$.deployment.strategy", "both batchSize and maxUnavailable", "one of batchSize or maxUnavailable for a rolling strategy");
            }

            if (strategy.BatchSize is { } batchSize)
            {
                Range(batchSize, 1, 1000, "$.deployment.strategy.batchSize", fail);
            }

            if (strategy.MaxUnavailable is { } maxUnavailable)
            {
                Range(maxUnavailable, 1, 1000, "$.deployment.strategy.maxUnavailable", fail);
            }

            return;
        }

        if (strategy.BatchSize is not null || strategy.MaxUnavailable is not null)
        {
            fail("$.deployment.strategy", $"batchSize or maxUnavailable with kind \"{EnumNames.Of(strategy.Kind)}\"", "kind \"rolling\" when the targets are switched in batches");
        }
    }

    private static void CheckSite(SiteSettings? site, string path, Action<string, string, string> fail)
    {
        if (site is null)
        {
            fail(path, "nothing", "the bucket (and optionally CloudFront) an s3 target publishes the web front end to");
            return;
        }

        if (string.IsNullOrWhiteSpace(site.Bucket))
        {
            fail($"{path}.bucket", "nothing", "a bucket name");
        }

        if (site.Endpoint is not null)
        {
            CheckUrl(site.Endpoint, $"{path}.endpoint", fail);
        }

        Range(site.Parallelism, 1, 64, $"{path}.parallelism", fail);
        Range(site.Attempts, 1, 20, $"{path}.attempts", fail);
        Range(site.MultipartThresholdMiB, 5, 5120, $"{path}.multipartThresholdMiB", fail);
        foreach (var (extension, _) in site.ContentTypes.Where(t => !t.Key.StartsWith('.')))
        {
            fail($"{path}.contentTypes", Quote(extension), "file extensions that start with a dot, e.g. \".map\"");
        }

        if (site.CloudFront is { } cloudFront)
        {
            if (string.IsNullOrWhiteSpace(cloudFront.DistributionId))
            {
                fail($"{path}.cloudFront.distributionId", "nothing", "the distribution id, e.g. E2ABCDEF123456");
            }

            if (cloudFront.Endpoint is not null)
            {
                CheckUrl(cloudFront.Endpoint, $"{path}.cloudFront.endpoint", fail);
            }

            Range(cloudFront.WildcardAbove, 1, 3000, $"{path}.cloudFront.wildcardAbove", fail);
            Range(cloudFront.TimeoutSeconds, 1, 3600, $"{path}.cloudFront.timeoutSeconds", fail);
        }
    }

    private static void CheckStore(StoreSettings store, string path, Action<string, string, string> fail)
    {
        if (store.Kind == StoreKind.Local && string.IsNullOrWhiteSpace(store.Path))
        {
            fail($"{path}.path", "nothing", "a directory for a local store");
        }

        if (store.Kind == StoreKind.S3 && string.IsNullOrWhiteSpace(store.Bucket))
        {
            fail($"{path}.bucket", "nothing", "a bucket name for an s3 store");
        }

        if (store.Endpoint is not null)
        {
            CheckUrl(store.Endpoint, $"{path}.endpoint", fail);
        }
    }

    private static void CheckProduction(EnvironmentSettings settings, Action<string, string, string> fail)
    {
        if (settings.Logging.Level is LogLevelSetting.Trace or LogLevelSetting.Debug)
        {
            fail("$.logging.level", Quote(EnumNames.Of(settings.Logging.Level)), "information, warning or error in production (no debug logging)");
        }

        RequireHttps(settings.Server.BaseUrl, "$.server.baseUrl", fail);
        foreach (var (name, endpoint) in settings.Services)
        {
            RequireHttps(endpoint.Url, $"$.services.{name}.url", fail);
        }

        var applicationTargets = settings.Deployment.Targets.Count(t => TargetKinds.IsApplication(t.Kind));
        if (applicationTargets < 2)
        {
            fail("$.deployment.targets", $"{applicationTargets} application target(s)", "at least 2 application targets (kind local, ssh or container) in production");
        }

        if (!settings.Notifications.IsConfigured)
        {
            fail("$.notifications", "no slack and no email", "at least one notification channel in production");
        }

        if (!settings.Deployment.RequireApproval)
        {
            fail("$.deployment.requireApproval", "false", "true in production (deploys need an explicit approval)");
        }

        if (settings.Database.Engine == DatabaseEngine.Sqlite)
        {
            fail("$.database.engine", "\"sqlite\"", "postgresql or mongodb in production");
        }
    }

    private static void CheckUrl(string url, string path, Action<string, string, string> fail) => CheckFormat(url, ValueFormat.HttpUrl, path, fail);

    private static void CheckFormat(string value, ValueFormat format, string path, Action<string, string, string> fail)
    {
        if (!ValueFormats.IsValid(format, value))
        {
            fail(path, Quote(value), ValueFormats.Expected(format));
        }
    }

    private static void RequireHttps(string url, string path, Action<string, string, string> fail)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme != Uri.UriSchemeHttps)
        {
            fail(path, Quote(url), "an https URL in production");
        }
    }

    private static void Range(int value, int min, int max, string path, Action<string, string, string> fail)
    {
        if (value < min || value > max)
        {
            fail(path, value.ToString(), $"a number from {min} to {max}");
        }
    }

    private static string Quote(object value) => $"\"{value}\"";
}
