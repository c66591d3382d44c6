using Pipeline.Core.Ci;

namespace Pipeline.Core.Tests;

/// <summary>Long steps are not silent, and under GitHub Actions their lines fold into one group.</summary>
public sealed class StepProgressTests
{
    private readonly List<string> log = [];

    [Fact]
    public async Task Under_GitHub_Actions_a_step_is_one_group_from_its_title_to_its_duration()
    {
        using var stdout = new StringWriter();
        var steps = new StepProgress(Log, new GitHubActions(name => name == GitHubActions.ActionsVariable ? "true" : null, stdout), TimeSpan.FromMinutes(5));

        var result = await steps.RunAsync("format: dotnet format Pipeline.sln", () => Task.FromResult(42));

        Assert.Equal(42, result);
        Assert.Equal(["::group::format: dotnet format Pipeline.sln", "::endgroup::"], stdout.ToString().TrimEnd().Split(Environment.NewLine));
        Assert.Equal("format: dotnet format Pipeline.sln", log[0]);
        Assert.Matches(@"^format: finished in \d+\.\ds$", log[^1]);
    }

    [Fact]
    public async Task Outside_GitHub_Actions_there_are_no_group_commands()
    {
        using var stdout = new StringWriter();
        var steps = new StepProgress(Log, new GitHubActions(_ => null, stdout), TimeSpan.FromMinutes(5));

        await steps.RunAsync("yaml: yamllint", () => Task.FromResult(0));

        Assert.Empty(stdout.ToString());
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public async Task A_running_step_says_so_until_it_ends()
    {
        var heard = new TaskCompletionSource();
        var steps = new StepProgress(
            line =>
            {
                Log(line);
                if (line.Contains("still running", StringComparison.Ordinal))
                {
                    heard.TrySetResult();
                }
            },
            new GitHubActions(_ => null, TextWriter.Null),
            TimeSpan.FromMilliseconds(20));

        await steps.RunAsync("analyzers: dotnet build", async () =>
        {
            await heard.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return 0;
        });

        Assert.Contains(log, l => l.StartsWith("analyzers: still running (", StringComparison.Ordinal));
        Assert.StartsWith("analyzers: finished in ", log[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_that_fails_still_closes_its_group()
    {
        using var stdout = new StringWriter();
        var steps = new StepProgress(Log, new GitHubActions(name => name == GitHubActions.ActionsVariable ? "true" : null, stdout), TimeSpan.FromMinutes(5));

        await Assert.ThrowsAsync<InvalidOperationException>(() => steps.RunAsync<int>("test: dotnet test", () => throw new InvalidOperationException("no sdk")));

        Assert.EndsWith("::endgroup::", stdout.ToString().TrimEnd(), StringComparison.Ordinal);
    }

    private void Log(string line)
    {
        lock (log)
        {
            log.Add(line);
        }
    }
}
