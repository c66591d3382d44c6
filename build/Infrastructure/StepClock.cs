using System.Text.RegularExpressions;
using Pipeline.Core.Reports;

namespace Pipeline.Build.Infrastructure;

/// <summary>
/// Notes when each step of a deploy or rollback began, from the headings the services print
/// (<c>deploy: step 3/8: migrate: ...</c>), so the report shows the plan as it ran with its timings.
/// </summary>
public sealed partial class StepClock(TimeProvider clock)
{
    private readonly List<(string Heading, DateTimeOffset At)> steps = [];

    public void Observe(string line)
    {
        if (StepHeading().Match(line) is { Success: true } match)
        {
            steps.Add((match.Groups["heading"].Value, clock.GetUtcNow()));
        }
    }

    public IReadOnlyList<ReportStep> Steps => steps.Select(s => new ReportStep(s.Heading, s.At - steps[0].At)).ToList();

    [GeneratedRegex(@"^(?:deploy|rollback): (?<heading>step \d+/\d+: .*)$")]
    private static partial Regex StepHeading();
}
