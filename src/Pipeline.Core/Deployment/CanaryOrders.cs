using System.Text.Json;
using Pipeline.Core.State;

namespace Pipeline.Core.Deployment;

/// <summary>What a person tells a canary in progress from a second invocation: skip the remaining pauses, or end it.</summary>
public enum CanaryOrder
{
    Promote,
    Abort,
}

/// <summary>An order as it is written next to the deploy lock: what, by whom, when.</summary>
public sealed record CanaryOrderNote(CanaryOrder Order, string Who, DateTimeOffset At);

/// <summary>
/// The request file next to the deploy lock (<c>locks/deploy-order.json</c> in the state store): a second invocation
/// writes it while a deploy holds the lock, and the running canary takes (reads and deletes) it between measurements.
/// </summary>
public sealed class CanaryOrders(IStateStore store)
{
    public const string Key = "locks/deploy-order.json";

    /// <summary>Leaves <paramref name="order"/> for the deploy holding the lock; throws when no deploy holds it.</summary>
    public LockHolder Send(CanaryOrder order, string who, string environment)
    {
        var holder = new DeployLock(store).Current();
        if (holder is null)
        {
            throw new InvalidOperationException(
                $"--{order.ToString().ToLowerInvariant()}: no deploy of {environment} is in progress (nobody holds its deploy lock), so there is no canary to {order.ToString().ToLowerInvariant()}. Nothing was changed.");
        }

        store.Write(Key, JsonSerializer.SerializeToUtf8Bytes(new CanaryOrderNote(order, who, DateTimeOffset.UtcNow), Configuration.ConfigJson.Options));
        return holder;
    }

    /// <summary>The order left since the last look, removed so it is acted on once; null when there is none.</summary>
    public CanaryOrderNote? Take()
    {
        if (store.Read(Key) is not { } bytes)
        {
            return null;
        }

        store.Delete(Key);
        try
        {
            return JsonSerializer.Deserialize<CanaryOrderNote>(bytes, Configuration.ConfigJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Removes an order no deploy took (left before this deploy started), so it cannot act on this one.</summary>
    public void Clear() => store.Delete(Key);
}
