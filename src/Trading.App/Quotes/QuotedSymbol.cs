namespace Trading.App.Quotes;

/// <summary>A symbol the simulator quotes, with the price each session opens at.</summary>
public sealed record QuotedSymbol(string Symbol, decimal OpeningPrice);
