namespace Pipeline.Build.Infrastructure;

/// <summary>Names of the command-line arguments tasks read (--name=value).</summary>
public static class ArgumentNames
{
    public const string Environment = "env";
    public const string Against = "against";
    public const string Backup = "backup";
    public const string AppVersion = "app-version";
    public const string BreakLock = "break-lock";
    public const string Component = "component";
    public const string To = "to";
    public const string Migration = "migration";
    public const string Approve = "approve";
    public const string AllowContract = "allow-contract";
    public const string Output = "output";
    public const string Fast = "fast";
    public const string Drift = "drift";
    public const string Report = "report";
    public const string Promote = "promote";
    public const string Abort = "abort";
}
