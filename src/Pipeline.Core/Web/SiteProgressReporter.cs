namespace Pipeline.Core.Web;

/// <summary>Serializes progress from parallel transfers so callbacks need no locking of their own, and counts retries.</summary>
internal sealed class SiteProgressReporter(Action<SiteProgress>? callback)
{
    private readonly Lock gate = new();
    private int retries;

    public int Retries => Volatile.Read(ref retries);

    public void Report(SiteProgress progress)
    {
        if (progress is SiteRequestRetried)
        {
            Interlocked.Increment(ref retries);
        }

        if (callback is null)
        {
            return;
        }

        lock (gate)
        {
            callback(progress);
        }
    }
}
