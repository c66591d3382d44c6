using System.Globalization;

namespace Pipeline.Core.Ci;

/// <summary>
/// A long step that is not silent: its title when it starts, a line every <paramref name="heartbeat"/> while it runs,
/// its duration when it ends; under GitHub Actions all of it folded into one <c>::group::</c>.
/// </summary>
public sealed class StepProgress(Action<string> log, GitHubActions actions, TimeSpan heartbeat)
{
    /// <summary>How often a running step says so, by default: often enough that a log never looks stuck.</summary>
    public static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(30);

    /// <summary>The log alone, outside GitHub Actions' grouping (tests of services that take a progress callback).</summary>
    public static StepProgress Plain(Action<string> log) => new(log, new GitHubActions(_ => null, TextWriter.Null), DefaultHeartbeat);

    public async Task<T> RunAsync<T>(string title, Func<Task<T>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        actions.StartGroup(title);
        log(title);
        var started = DateTimeOffset.UtcNow;
        using var stop = new CancellationTokenSource();
        var beating = BeatAsync(title, started, stop.Token);
        try
        {
            return await step().ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await beating.ConfigureAwait(false);
            log($"{Name(title)}: finished in {Elapsed(started)}");
            actions.EndGroup();
        }
    }

    private async Task BeatAsync(string title, DateTimeOffset started, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                log($"{Name(title)}: still running ({Elapsed(started)})");
            }
        }
        catch (OperationCanceledException)
        {
            // The step ended.
        }
    }

    private static string Name(string title) => title.Split(':', 2)[0];

    private static string Elapsed(DateTimeOffset started) =>
        (DateTimeOffset.UtcNow - started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
}
