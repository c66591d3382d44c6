using System.Text.RegularExpressions;
using System.Xml.Linq;
using Pipeline.Core.Deployment;
using Pipeline.Core.Reports;

namespace Pipeline.Core.Tests;

/// <summary>The DORA figures of a constructed history of two weeks, each figure worked out by hand in the comments.</summary>
public sealed class DoraFiguresTests
{
    private static readonly DateTimeOffset Now = At(29, 10, 0);

    private static readonly Dictionary<string, DateTimeOffset> Commits = new()
    {
        ["2026.11.15-aaaaaaa"] = At(15, 8, 0),
        ["2026.11.16-bbbbbbb"] = At(16, 9, 10),
        ["2026.11.18-ccccccc"] = At(18, 9, 0),
        ["2026.11.27-ddddddd"] = At(27, 10, 20),
    };

    [Fact]
    public void Frequency_lead_time_failure_rate_and_time_to_restore_come_from_the_recorded_history()
    {
        var figures = Figures(History());

        // Seven finished deploys (the one still running is left out), four of them succeeded, over 14 days.
        Assert.Equal(7, figures.Deploys);
        Assert.Equal(4, figures.SuccessfulDeploys);
        Assert.Equal(2.0, figures.DeploysPerWeek, precision: 6);

        // Lead times 2 h 10 min, 1 h and 24 h; the version given by hand has no known commit.
        Assert.Equal(3, figures.LeadTimesKnown);
        Assert.Equal(TimeSpan.FromMinutes(130), figures.MedianLeadTime);

        // Failed: d2 (undone by a rollback), d3 (rolled back), d4 (failed before its switch), d5 (interrupted).
        Assert.Equal(4, figures.FailedChanges);
        Assert.Equal(4.0 / 7, figures.ChangeFailureRate!.Value, precision: 6);

        // Restores: d2 live 10:10 to the rollback's end 11:30 (80 min), d3 6 min, d5 10:00 to d6's end 10:40 (40 min).
        Assert.Equal(3, figures.Restores);
        Assert.Equal(0, figures.NotRestored);
        Assert.Equal(TimeSpan.FromMinutes(40), figures.MedianTimeToRestore);

        Assert.Equal(
            [new DoraDay(new DateOnly(2026, 11, 15), 1, 0), new DoraDay(new DateOnly(2026, 11, 16), 0, 1), new DoraDay(new DateOnly(2026, 11, 18), 0, 1),
             new DoraDay(new DateOnly(2026, 11, 20), 0, 1), new DoraDay(new DateOnly(2026, 11, 22), 1, 1), new DoraDay(new DateOnly(2026, 11, 28), 1, 0)],
            figures.Days);
    }

    [Fact]
    public void An_interrupted_deploy_with_nothing_successful_after_it_is_not_restored_yet()
    {
        var figures = Figures([
            Deploy("d1", "2026.11.15-aaaaaaa", DeploymentStatus.Succeeded, At(15, 10, 0), At(15, 10, 10)),
            Deploy("d2", "2026.11.16-bbbbbbb", DeploymentStatus.Interrupted, At(16, 10, 0), At(16, 12, 0)),
        ]);

        Assert.Equal(1, figures.NotRestored);
        Assert.Null(figures.MedianTimeToRestore);
        Assert.Contains(DoraReport.Rows(figures), r => r is ("time to restore (median)", "1 failure(s) not restored yet"));
    }

    [Fact]
    public void The_report_says_each_figure_in_words_and_draws_one_bar_pair_a_day()
    {
        var figures = Figures(History());

        var rows = DoraReport.Rows(figures).ToDictionary(r => r.Name, r => r.Value);
        Assert.Equal("2 successful deploys a week (4 of 7 deploys)", rows["deployment frequency"]);
        Assert.Equal("2.2 h (over 3 deploy(s) whose commit time is known)", rows["lead time, commit to live (median)"]);
        Assert.Equal("57.1% (4 of 7 deploys failed or were undone)", rows["change failure rate"]);
        Assert.Equal("40 min 0 s (over 3 restore(s))", rows["time to restore (median)"]);

        var html = DoraReport.Html(figures);
        var document = XDocument.Parse(Regex.Replace(html, "^<!DOCTYPE html>", string.Empty));
        XNamespace svg = "http://www.w3.org/2000/svg";
        Assert.Equal(12, document.Descendants(svg + "rect").Count());
        Assert.Contains("2026-11-22: 1 live, 1 failed", html, StringComparison.Ordinal);
        Assert.StartsWith("### DORA figures of staging", DoraReport.Markdown(figures), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_history_has_no_rates_and_says_so()
    {
        var figures = Figures([]);

        Assert.Equal(0, figures.Deploys);
        Assert.Null(figures.ChangeFailureRate);
        Assert.Contains(DoraReport.Rows(figures), r => r is ("change failure rate", "no deploys recorded"));
        Assert.Contains("no deploys recorded", DoraChart.Svg(figures.Days), StringComparison.Ordinal);
    }

    private static DoraFigures Figures(IEnumerable<DeploymentRecord> records) =>
        DoraFigures.Compute("staging", records, v => Commits.TryGetValue(v, out var t) ? t : null, Now);

    private static List<DeploymentRecord> History() =>
    [
        Deploy("d1", "2026.11.15-aaaaaaa", DeploymentStatus.Succeeded, At(15, 10, 0), At(15, 10, 10)),
        Deploy("d2", "2026.11.16-bbbbbbb", DeploymentStatus.Succeeded, At(16, 10, 0), At(16, 10, 10)),
        Deploy("r1", "2026.11.15-aaaaaaa", DeploymentStatus.Succeeded, At(16, 11, 0), At(16, 11, 30)) with { Kind = DeploymentKind.Rollback, RollsBack = "d2" },
        Deploy("d3", "2026.11.18-ccccccc", DeploymentStatus.RolledBack, At(18, 10, 0), At(18, 10, 6)),
        Deploy("d4", "2026.11.18-ccccccc", DeploymentStatus.Failed, At(20, 10, 0), At(20, 10, 1)),
        Deploy("d5", "2026.11.18-ccccccc", DeploymentStatus.Interrupted, At(22, 10, 0), At(22, 10, 30)),
        Deploy("d6", "2026.11.22-fffffff", DeploymentStatus.Succeeded, At(22, 10, 30), At(22, 10, 40)),
        Deploy("w1", "2026.11.22-fffffff", DeploymentStatus.Succeeded, At(23, 9, 0), At(23, 9, 1)) with { Kind = DeploymentKind.Rollback, Components = [DeploymentRecord.Web] },
        Deploy("d7", "2026.11.27-ddddddd", DeploymentStatus.Succeeded, At(28, 10, 0), At(28, 10, 20)),
        Deploy("d8", "2026.11.28-eeeeeee", DeploymentStatus.Started, At(28, 23, 0), null),
    ];

    private static DeploymentRecord Deploy(string id, string version, DeploymentStatus status, DateTimeOffset started, DateTimeOffset? finished) => new()
    {
        Id = id,
        Kind = DeploymentKind.Deploy,
        Environment = "staging",
        Status = status,
        ToVersion = version,
        Who = "ci",
        Started = started,
        Finished = finished,
    };

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);
}
