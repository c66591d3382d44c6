namespace Pipeline.Core.Routing;

/// <summary>
/// One backend server as the balancer sees it: its state ("UP", "DRAIN", "MAINT", "DOWN"), weight, requests in
/// flight, and the HTTP responses it has given since the balancer started, by class.
/// </summary>
public sealed record ServerCounters(string Server, string State, int Weight, long CurrentSessions, long Responses2xx, long Responses5xx, long ResponsesTotal)
{
    /// <summary>The share of responses that were 5xx, or null before the first response.</summary>
    public double? ErrorRate => ResponsesTotal == 0 ? null : (double)Responses5xx / ResponsesTotal;
}
