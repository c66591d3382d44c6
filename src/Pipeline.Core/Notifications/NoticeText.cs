using System.Globalization;

namespace Pipeline.Core.Notifications;

/// <summary>The wording shared by every channel: subject, version change, durations and the plain-text summary.</summary>
internal static class NoticeText
{
    /// <summary>"Rollback of staging succeeded: b -> a", "Deploy of production failed and was rolled back: a -> b".</summary>
    public static string Subject(DeploymentNotice notice) =>
        $"{Action(notice)} of {notice.Environment} {Phrase(notice.Outcome)}: {Versions(notice)}";

    public static string Versions(DeploymentNotice notice) =>
        $"{notice.FromVersion ?? "none"} -> {notice.ToVersion ?? "none"}";

    public static string Action(DeploymentNotice notice) =>
        string.Equals(notice.Target, "Rollback", StringComparison.OrdinalIgnoreCase) ? "Rollback" : "Deploy";

    private static string Phrase(string outcome) => outcome == "rolled back" ? "failed and was rolled back" : outcome;

    public static string Duration(TimeSpan duration) => duration switch
    {
        { TotalHours: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h {duration.Minutes:00}m {duration.Seconds:00}s"),
        { TotalMinutes: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}m {duration.Seconds:00}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0}s"),
    };

    public static string Stage(StageTiming stage) => $"{stage.Name}: {Duration(stage.Duration)} ({stage.Status})";

    public static bool HasFailure(DeploymentNotice notice) => notice.FailedTask is not null || notice.FailureReason is not null;

    public static string Failure(DeploymentNotice notice) => (notice.FailedTask, notice.FailureReason) switch
    {
        ({ } task, { } reason) => $"{task}: {reason}",
        ({ } task, null) => task,
        _ => notice.FailureReason ?? "",
    };

    public static IReadOnlyList<string> Summary(DeploymentNotice notice)
    {
        var lines = new List<string>
        {
            Subject(notice),
            $"  environment: {notice.Environment}",
            $"  target:      {notice.Target}",
            $"  version:     {Versions(notice)}",
            $"  who:         {notice.Who}",
            $"  outcome:     {notice.Outcome}",
            $"  duration:    {Duration(notice.Duration)}",
            string.Create(CultureInfo.InvariantCulture, $"  at:          {notice.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC"),
        };
        if (notice.Stages.Count > 0)
        {
            lines.Add("  stages:");
            lines.AddRange(notice.Stages.Select(stage => $"    {Stage(stage)}"));
        }

        if (HasFailure(notice))
        {
            lines.Add($"  failed:      {Failure(notice)}");
        }

        if (notice.ArtifactsLink is { } link)
        {
            lines.Add($"  CI run:      {link}");
        }

        if (notice.AuditHead is { } head)
        {
            lines.Add($"  audit:       {head}");
        }

        if (notice.Reconciliation is { } reconciliation)
        {
            lines.Add($"  reconcile:   {reconciliation}");
        }

        if (notice.Measurements is { Count: > 0 } measurements)
        {
            lines.Add($"  analysis:    {measurements.Count} measurement(s)");
            lines.AddRange(measurements.Select(m => $"    {m}"));
        }

        return lines;
    }
}
