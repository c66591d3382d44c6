using System.Text.RegularExpressions;

namespace Pipeline.Core.Deployment.Planning;

/// <summary>
/// One step of a deploy or rollback plan: what it is, the targets it touches (a cut-over batch, a prepared host), and
/// what it will do in words. --dryrun prints these; the executor runs them, in this order, and prints the same heading.
/// </summary>
public sealed partial record PlanStep(StepKind Kind, IReadOnlyList<string> Targets, string Detail)
{
    public PlanStep(StepKind kind, string detail)
        : this(kind, [], detail)
    {
    }

    /// <summary>The step's name as printed: kebab-case kind, then the targets it touches.</summary>
    public string Name => Targets.Count == 0 ? KebabCase(Kind) : $"{KebabCase(Kind)} [{string.Join(", ", Targets)}]";

    /// <summary>"step 3/8: migrate: run 1 migration(s) ..."</summary>
    public string Heading(int number, int count) => $"step {number}/{count}: {Name}: {Detail}";

    /// <summary>The step names of the headings in <paramref name="log"/>, in order, for comparing a dry run with a run.</summary>
    public static IReadOnlyList<string> NamesIn(string log) =>
        HeadingPattern().Matches(log).Select(m => m.Groups["name"].Value).ToList();

    private static string KebabCase(StepKind kind) => string.Concat(kind.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? $"-{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));

    [GeneratedRegex(@"step \d+/\d+: (?<name>[a-z-]+(?: \[[^\]]*\])?):")]
    private static partial Regex HeadingPattern();
}
