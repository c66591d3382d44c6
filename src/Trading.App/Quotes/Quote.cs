namespace Trading.App.Quotes;

/// <summary>A simulated quote; <see cref="Change"/> is against the session's opening price (UTC midnight).</summary>
public sealed record Quote(string Symbol, decimal Bid, decimal Ask, decimal Last, decimal Change, DateTimeOffset Timestamp);
