namespace Trading.App.Faults;

/// <summary>
/// A fault a release can be built with, so progressive delivery can be proven against a bad version: the given share
/// of order POSTs answer 500 before anything is stored, so no order is acknowledged and then lost. Off (0) by default.
/// </summary>
public sealed class OrderFaults(int errorPercent)
{
    public const string ErrorPercentKey = "Trading:faults:orderErrorPercent";

    /// <summary>The optional file in a release's content root with settings of that release only (the environment's appsettings.json is shared).</summary>
    public const string ReleaseSettingsFile = "appsettings.release.json";

    private long count;

    public int ErrorPercent => errorPercent;

    /// <summary>Whether this order POST fails; spread evenly (every n-th), so a short test sees the configured share.</summary>
    public bool NextFails() => errorPercent > 0 && Interlocked.Increment(ref count) * errorPercent % 100 < errorPercent;
}
