namespace Pipeline.Core.Targets;

/// <summary>
/// Runs work on several targets at once, each on a thread of its own. Work on a host over SSH blocks its thread until
/// the host answers; on the thread pool (as many threads as cores at first, more added only slowly) the hosts would
/// wait for each other.
/// </summary>
public static class TargetThreads
{
    public static Task<T[]> RunAsync<TItem, T>(IEnumerable<TItem> items, Func<TItem, Task<T>> work) =>
        Task.WhenAll(items.Select(item => Task.Factory.StartNew(
            () => work(item).GetAwaiter().GetResult(),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));
}
