namespace Pipeline.Build.Infrastructure;

/// <summary>How each argument tasks read is written and what it means, one line each, for --help; a test keeps it complete.</summary>
public static class ArgumentMeanings
{
    public static IReadOnlyDictionary<string, (string Usage, string Meaning)> All { get; } =
        new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
        {
            [ArgumentNames.Environment] = ("--env=<name>", "the environment: development, staging, production (else ConfigUse's default, else development)"),
            [ArgumentNames.Against] = ("--against=<name>", "the environment --env is compared with"),
            [ArgumentNames.Backup] = ("--backup=<id>", "a backup's id (default: the newest)"),
            [ArgumentNames.AppVersion] = ("--app-version=<v>", "the version to build, validate or deploy (default: from git, yyyy.MM.dd-<commit>)"),
            [ArgumentNames.BreakLock] = ("--break-lock", "breaks a deploy lock another run left behind (audited)"),
            [ArgumentNames.Component] = ("--component=<c>", "what to roll back: application, database, config, web or all (default application)"),
            [ArgumentNames.To] = ("--to=<version|id>", "the version or backup id to roll back to (default: the previous successful deploy)"),
            [ArgumentNames.Migration] = ("--migration=<v>", "a migration's version"),
            [ArgumentNames.Approve] = ("--approve[=<why>]", "approves a deploy or rollback where deployment.requireApproval is set"),
            [ArgumentNames.AllowContract] = ("--allow-contract", "lets a deploy apply contract migrations (NNNN_contract_*)"),
            [ArgumentNames.Output] = ("--output=json", "the result as JSON on standard output"),
            [ArgumentNames.Report] = ("--report", "adds the DORA figures (deployment frequency, lead time, change failure rate, time to restore) and writes them with a chart to artifacts/reports/"),
            [ArgumentNames.Drift] = ("--drift=<how>", "refuse (the default): a deploy stops when targets differ from the history or each other; converge: it moves them all to the version deployed"),
            [ArgumentNames.Promote] = ("--promote", "with Deploy --exclusive: tells the canary deploy in progress on --env to skip its remaining pauses (each step is still measured once)"),
            [ArgumentNames.Abort] = ("--abort", "with Deploy --exclusive: tells the canary deploy in progress on --env to stop, set the canary's weight to 0 and put it back on the live version"),
            [ArgumentNames.Fast] = ("--fast", "only the fast unit tests of config/quality.json, no coverage"),
        };

    public static string UsageOf(string name) => All.TryGetValue(name, out var entry) ? entry.Usage : $"--{name}";

    public static string MeaningOf(string name) => All.TryGetValue(name, out var entry) ? entry.Meaning : string.Empty;
}
