namespace Pipeline.Build.Infrastructure;

/// <summary>How --help groups the targets; a target in no group is listed under "Other".</summary>
public static class TargetGroups
{
    public const string Other = "Other";

    public static IReadOnlyList<(string Group, string[] Targets)> All { get; } =
    [
        ("Build and test", ["Default", "Lint", "Test", "E2E", "Build", "ValidateBuild", "Image"]),
        ("Deploy and roll back", ["Deploy", "Rollback", "Notify", "MigrationRepair"]),
        ("Backups", ["Backup", "BackupList", "BackupVerify", "RollbackDrill"]),
        ("Configuration", ["ConfigList", "ConfigUse", "ConfigValidate", "ConfigShow", "ConfigDiff", "ConfigGenerate", "ConfigBackup", "ConfigRestore", "ConfigSchema"]),
        ("State and audit", ["Status", "History", "AuditVerify"]),
        (Other, ["Noop"]),
    ];

    public static string Of(string target) =>
        All.FirstOrDefault(g => g.Targets.Contains(target, StringComparer.OrdinalIgnoreCase)).Group ?? Other;
}
