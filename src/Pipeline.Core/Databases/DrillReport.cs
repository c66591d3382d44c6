namespace Pipeline.Core.Databases;

/// <summary>What a rollback drill proved: which backup, how old it was (RPO), how long recovery took (RTO), and what did not match.</summary>
public sealed record DrillReport(
    string BackupId,
    DateTimeOffset BackupCreated,
    TimeSpan BackupAge,
    TimeSpan RecoveryTime,
    string Scratch,
    IReadOnlyDictionary<string, long> Counts,
    int MigrationsApplied,
    IReadOnlyList<string> Mismatches)
{
    public bool Passed => Mismatches.Count == 0;
}
