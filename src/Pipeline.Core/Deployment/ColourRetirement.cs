using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Blue/green's old colour stops by itself when its keepPreviousFor ends: after a switch, each target traffic left
/// is told to stop its app then (its front door does it, whether or not a run is going on); before a switch, the
/// targets traffic goes to are told to keep running, so a rollback inside the window cancels their stop.
/// </summary>
public sealed class ColourRetirement(IReadOnlyList<IDeployTarget> targets, Action<string> say)
{
    /// <summary>How long before its stop a colour no longer counts as warm: a switch back then could reach it stopped.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(15);

    /// <summary>How long before a colour's stop a rollback that cannot cancel it moves traffic back.</summary>
    public static readonly TimeSpan SwitchBackTime = TimeSpan.FromSeconds(2);

    /// <summary>Cancels any stop set for <paramref name="names"/>, all hosts at once.</summary>
    public async Task KeepRunningAsync(IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        var retiring = Of(names);
        // WaitAsync: a cancelled caller stops waiting even for a host whose SSH exchange ignores the token.
        await Task.WhenAll(retiring.Select(t => Task.Run(() => t.Retiring.KeepRunningAsync(cancellationToken), cancellationToken))).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Has each of <paramref name="names"/> stop <paramref name="version"/> at <paramref name="at"/>.</summary>
    public async Task RetireAtAsync(IReadOnlyList<string> names, string version, DateTimeOffset at, string colour, CancellationToken cancellationToken = default)
    {
        var retiring = Of(names);
        if (retiring.Count == 0)
        {
            return;
        }

        var reason = Reason(colour);
        await Task.WhenAll(retiring.Select(t => Task.Run(() => t.Retiring.RetireAtAsync(version, at, reason, cancellationToken), cancellationToken))).ConfigureAwait(false);
        say($"{string.Join(", ", names)} will stop {version} by themselves at {at:u} (their front doors do it; a rollback before then cancels it)");
    }

    /// <summary>
    /// Sets the stop of each of <paramref name="names"/> again, after something cancelled it; one host's failure does not
    /// keep the others from it, and none waits longer than <paramref name="patience"/>. Returns "name (why)" for each
    /// that could not be told.
    /// </summary>
    public async Task<IReadOnlyList<string>> RetireEachAtAsync(IReadOnlyList<string> names, string version, DateTimeOffset at, string colour, TimeSpan patience)
    {
        var reason = Reason(colour);
        var attempts = Of(names).Select(t => Task.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(patience);
            try
            {
                await t.Retiring.RetireAtAsync(version, at, reason, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
                say($"{t.Name} will stop {version} by itself at {at:u} again");
                return null;
            }
            catch (Exception ex)
            {
                return $"{t.Name} ({(ex is OperationCanceledException ? $"no answer within {patience.TotalSeconds:0} s" : ex.Message)})";
            }
        }));
        return [.. (await Task.WhenAll(attempts).ConfigureAwait(false)).OfType<string>()];
    }

    private static string Reason(string colour) => $"the {colour} colour's keepPreviousFor ended";

    private List<(string Name, IRetiringTarget Retiring)> Of(IReadOnlyList<string> names) =>
        [.. from target in targets where names.Contains(target.Name) && target is IRetiringTarget select (target.Name, (IRetiringTarget)target)];
}
