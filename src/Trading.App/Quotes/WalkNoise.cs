using System.Text;

namespace Trading.App.Quotes;

/// <summary>
/// Stateless, reproducible noise for the random walk: the same seed and step always give the same number,
/// on every machine and in every process (unlike string.GetHashCode, which is randomized per process).
/// </summary>
public static class WalkNoise
{
    /// <summary>A seed for one symbol's walk on one day: FNV-1a of the symbol, mixed with the day number.</summary>
    public static ulong Seed(string symbol, long day)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(symbol))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return Mix(hash ^ unchecked((ulong)day * 0x9E3779B97F4A7C15UL));
    }

    /// <summary>A uniform number in [-1, 1) for step <paramref name="step"/> of the walk seeded with <paramref name="seed"/>.</summary>
    public static double Step(ulong seed, long step)
    {
        var bits = Mix(seed + unchecked((ulong)step * 0x9E3779B97F4A7C15UL));
        return ((bits >> 11) * (1.0 / (1UL << 53)) * 2.0) - 1.0;
    }

    // SplitMix64's finalizer.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
