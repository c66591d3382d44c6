using Trading.App.Quotes;
using Trading.App.Tests.Support;

namespace Trading.App.Tests.Unit;

public sealed class QuoteSimulatorTests
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 22, 9, 30, 15, TimeSpan.Zero);

    [Fact]
    public void The_same_clock_gives_the_same_quotes_in_every_simulator()
    {
        var first = new QuoteSimulator(new ManualClock(Morning)).Current();
        var second = new QuoteSimulator(new ManualClock(Morning)).Current();

        Assert.Equal(first, second);
        Assert.Equal(QuoteSimulator.Symbols.Select(s => s.Symbol), first.Select(q => q.Symbol));
    }

    [Fact]
    public void Quotes_move_as_the_clock_advances()
    {
        var clock = new ManualClock(Morning);
        var simulator = new QuoteSimulator(clock);

        var before = simulator.Current();
        clock.Advance(TimeSpan.FromMinutes(1));
        var after = simulator.Current();

        Assert.All(after, q => Assert.Equal(Morning.AddMinutes(1), q.Timestamp));
        Assert.Contains(before.Zip(after), pair => pair.First.Last != pair.Second.Last);
    }

    [Fact]
    public void A_quote_does_not_change_within_the_same_second()
    {
        var clock = new ManualClock(Morning.AddMilliseconds(100));
        var simulator = new QuoteSimulator(clock);

        var early = simulator.Current();
        clock.Advance(TimeSpan.FromMilliseconds(800));

        Assert.Equal(early, simulator.Current());
        Assert.All(early, q => Assert.Equal(Morning, q.Timestamp));
    }

    [Fact]
    public void A_walk_continued_step_by_step_matches_one_computed_at_once_and_going_back_replays_it()
    {
        var clock = new ManualClock(Morning);
        var walked = new QuoteSimulator(clock);
        walked.Current();
        clock.Advance(TimeSpan.FromHours(1));
        walked.Current();
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(new QuoteSimulator(new ManualClock(Morning.AddHours(2))).Current(), walked.Current());

        clock.Set(Morning);
        Assert.Equal(new QuoteSimulator(new ManualClock(Morning)).Current(), walked.Current());
    }

    [Fact]
    public void Each_session_opens_at_the_opening_price_with_no_change()
    {
        var midnight = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

        var quotes = new QuoteSimulator(new ManualClock(midnight)).Current();

        Assert.All(quotes.Zip(QuoteSimulator.Symbols), pair =>
        {
            Assert.Equal(pair.Second.OpeningPrice, pair.First.Last);
            Assert.Equal(0m, pair.First.Change);
        });
    }

    [Fact]
    public void Bid_is_below_last_and_ask_above_it_and_change_is_against_the_open()
    {
        var quotes = new QuoteSimulator(new ManualClock(Morning.AddHours(5))).Current();

        Assert.All(quotes.Zip(QuoteSimulator.Symbols), pair =>
        {
            var (quote, symbol) = pair;
            Assert.True(quote.Bid < quote.Last && quote.Last < quote.Ask, $"{quote.Symbol}: {quote.Bid} / {quote.Last} / {quote.Ask}");
            Assert.True(quote.Last > 0);
            Assert.Equal(quote.Last - symbol.OpeningPrice, quote.Change);
            Assert.Equal(quote.Last, decimal.Round(quote.Last, 2));
        });
    }

    [Fact]
    public void A_time_in_another_offset_is_quoted_as_the_same_utc_instant()
    {
        var local = Morning.ToOffset(TimeSpan.FromHours(9));

        Assert.Equal(
            new QuoteSimulator(new ManualClock(Morning)).Current(),
            new QuoteSimulator(new ManualClock(local)).Current());
    }

    [Fact]
    public void Walk_noise_is_reproducible_and_within_minus_one_to_one()
    {
        var seed = WalkNoise.Seed("AAPL", 20_000);

        Assert.Equal(seed, WalkNoise.Seed("AAPL", 20_000));
        Assert.NotEqual(seed, WalkNoise.Seed("MSFT", 20_000));
        Assert.NotEqual(seed, WalkNoise.Seed("AAPL", 20_001));
        Assert.All(Enumerable.Range(0, 1000), step =>
        {
            var value = WalkNoise.Step(seed, step);
            Assert.InRange(value, -1.0, 1.0);
            Assert.Equal(value, WalkNoise.Step(seed, step));
        });
    }
}
