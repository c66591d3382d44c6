using Pipeline.Core.Analysis;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Blue/green as the history left it: the colour that serves (null before the first blue/green deploy, when the live
/// targets are green's), the idle one the next version goes to, each colour's targets, and whether the idle colour is
/// still warm for a rollback.
/// </summary>
public sealed record BlueGreenColours(string? Live, string Idle, IReadOnlyList<string> LiveTargets, IReadOnlyList<string> IdleTargets, TimeSpan KeepPreviousFor)
{
    public const string Blue = "blue";
    public const string Green = "green";

    /// <summary>When keepPreviousFor is left out.</summary>
    public static readonly TimeSpan DefaultKeepPreviousFor = TimeSpan.FromMinutes(15);

    /// <summary>The idle colour's version and until when it is kept running, as the last switch recorded them; null when it is not warm.</summary>
    public DateTimeOffset? WarmUntil { get; init; }

    /// <summary>The version the idle colour was left serving by the last switch.</summary>
    public string? WarmVersion { get; init; }

    /// <summary>Whether the idle colour still runs <see cref="WarmVersion"/> by the last switch's promise at <paramref name="now"/>.</summary>
    public bool IsWarm(DateTimeOffset now) => WarmUntil is { } until && until > now && WarmVersion is not null;

    /// <summary>
    /// Null when, by the last switch's record, the idle colour still runs <paramref name="release"/> at
    /// <paramref name="now"/> with more than <paramref name="margin"/> left before its timed stop; otherwise why it is
    /// not warm for a rollback to that release.
    /// </summary>
    public string? NotWarmFor(string release, DateTimeOffset now, TimeSpan margin) => this switch
    {
        { WarmUntil: null } or { WarmVersion: null } => "the last switch left it with nothing kept warm",
        { WarmUntil: { } until } when until <= now => $"its keepPreviousFor ended at {until:u}, so stop it",
        { WarmUntil: { } until } when until <= now + margin => $"its keepPreviousFor ends at {until:u}, too soon to switch to it as it is",
        { WarmVersion: { } warm } when warm != release => $"it was left running {warm}",
        _ => null,
    };

    /// <summary>The colours of <paramref name="strategy"/> as <paramref name="history"/>'s newest blue/green run left them; null for other strategies.</summary>
    public static BlueGreenColours? Of(StrategySettings strategy, DeploymentHistory history)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(history);
        if (strategy.Kind != StrategyKind.BlueGreen)
        {
            return null;
        }

        var keep = strategy.KeepPreviousFor is { } text ? DurationText.Parse(text) : DefaultKeepPreviousFor;
        var blue = strategy.Blue ?? [];
        var green = strategy.Green ?? [];
        var last = history.Successful().FirstOrDefault(r => r.LiveColour is not null);
        return last?.LiveColour switch
        {
            // Before the first switch green may still have weight at the balancer: the switch takes it to 0.
            null => new BlueGreenColours(null, Blue, green, blue, keep),
            Blue => new BlueGreenColours(Blue, Green, blue, green, keep) { WarmUntil = last.WarmUntil, WarmVersion = last.FromVersion },
            _ => new BlueGreenColours(Green, Blue, green, blue, keep) { WarmUntil = last.WarmUntil, WarmVersion = last.FromVersion },
        };
    }
}
