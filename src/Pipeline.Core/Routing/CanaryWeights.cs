namespace Pipeline.Core.Routing;

/// <summary>
/// The haproxy weights (0-256) that give <c>canaryCount</c> canary servers together <c>percent</c> % of requests and
/// <c>stableCount</c> stable servers the rest: canary weight percent x stableCount, stable weight (100 - percent) x
/// canaryCount, scaled down to fit haproxy's 256.
/// </summary>
public static class CanaryWeights
{
    private const int MaxWeight = 256;

    public static (int Canary, int Stable) For(int percent, int canaryCount, int stableCount)
    {
        if (stableCount == 0)
        {
            return (100, 0);
        }

        double canary = percent * stableCount;
        double stable = (100 - percent) * canaryCount;
        var scale = Math.Max(canary, stable) > MaxWeight ? MaxWeight / Math.Max(canary, stable) : 1;
        return ((int)Math.Round(canary * scale), (int)Math.Round(stable * scale));
    }
}
