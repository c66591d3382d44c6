namespace Trading.App.Quotes;

/// <summary>
/// Quotes that move once a second along a random walk that restarts each UTC day at the symbol's opening
/// price. A quote depends only on the symbol and the clock, so a test with a fixed clock sees fixed values.
/// Each symbol's last position is remembered so that a later quote the same day continues from it instead
/// of replaying the day.
/// </summary>
public sealed class QuoteSimulator(TimeProvider clock)
{
    /// <summary>The largest relative move in one step (0.05%).</summary>
    private const double StepVolatility = 0.0005;

    private readonly Dictionary<string, WalkPosition> positions = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public static IReadOnlyList<QuotedSymbol> Symbols { get; } =
    [
        new("AAPL", 190.00m),
        new("MSFT", 420.00m),
        new("GOOG", 170.00m),
        new("AMZN", 185.00m),
        new("TSLA", 250.00m),
        new("NVDA", 120.00m),
    ];

    public static IEnumerable<string> SymbolNames => Symbols.Select(s => s.Symbol);

    /// <summary>Every symbol's quote at the clock's current time.</summary>
    public IReadOnlyList<Quote> Current()
    {
        var now = clock.GetUtcNow();
        return Symbols.Select(s => QuoteAt(s, now)).ToList();
    }

    public Quote QuoteAt(QuotedSymbol symbol, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var utc = time.ToUniversalTime();
        var day = utc.UtcDateTime.Date;
        var step = (long)(utc.UtcDateTime - day).TotalSeconds;
        var last = Round(PriceAt(symbol, day.Ticks / TimeSpan.TicksPerDay, step));
        var halfSpread = Math.Max(0.01m, Round(last * 0.0001m));
        return new Quote(
            symbol.Symbol,
            last - halfSpread,
            last + halfSpread,
            last,
            last - symbol.OpeningPrice,
            new DateTimeOffset(day.AddSeconds(step), TimeSpan.Zero));
    }

    private double PriceAt(QuotedSymbol symbol, long day, long step)
    {
        lock (gate)
        {
            if (!positions.TryGetValue(symbol.Symbol, out var position) || position.Day != day || position.Step > step)
            {
                position = new WalkPosition(day, 0, (double)symbol.OpeningPrice);
            }

            var seed = WalkNoise.Seed(symbol.Symbol, day);
            var price = position.Price;
            for (var s = position.Step; s < step; s++)
            {
                price *= 1.0 + (StepVolatility * WalkNoise.Step(seed, s));
            }

            positions[symbol.Symbol] = new WalkPosition(day, step, price);
            return price;
        }
    }

    private static decimal Round(double price) => Round((decimal)price);

    private static decimal Round(decimal price) => decimal.Round(price, 2, MidpointRounding.AwayFromZero);

    private readonly record struct WalkPosition(long Day, long Step, double Price);
}
