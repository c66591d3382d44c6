using System.Diagnostics;
using Pipeline.Core.State;

namespace Pipeline.Core.Deployment;

/// <summary>Who holds an environment's deploy lock, since when, until when, and for what.</summary>
public sealed record LockHolder(string Token, string Operation, string Environment, string User, string Host, int ProcessId, DateTimeOffset Started, DateTimeOffset Expires)
{
    public override string ToString() =>
        $"{Operation} by {User} on {Host} (process {ProcessId}), started {Started:u}, expires {Expires:u}";
}

/// <summary>The lock could not be taken; says who holds it and what to do.</summary>
public sealed class DeployLockedException(string message, LockHolder holder) : Exception(message)
{
    public LockHolder Holder { get; } = holder;
}

/// <summary>
/// One deploy or rollback per environment at a time. The lock is an object created only if absent, so
/// two runs can never both take it. It names its owner and expires; a lock is broken only on request
/// (--break-lock), and the caller records that in the audit journal.
/// </summary>
public sealed class DeployLock(IStateStore store, TimeProvider? clock = null)
{
    public const string Key = "locks/deploy.json";

    private const string BreakKey = "locks/deploy.break.json";

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    /// <summary>Takes the lock, or throws <see cref="DeployLockedException"/> naming the holder. Returns the broken holder, if any.</summary>
    public (LockHolder Held, LockHolder? Broken) Acquire(string environment, string operation, string user, TimeSpan lifetime, bool breakExisting)
    {
        var now = clock.GetUtcNow();
        var mine = new LockHolder(Guid.NewGuid().ToString("N"), operation, environment, user, Environment.MachineName, Environment.ProcessId, now, now + lifetime);
        if (store.TryCreate(Key, mine))
        {
            return (mine, null);
        }

        var holder = store.Get<LockHolder>(Key) ?? throw new InvalidOperationException($"{store.Location}/{Key}: the lock exists but cannot be read.");
        if (!breakExisting)
        {
            throw new DeployLockedException(Describe(holder, now), holder);
        }

        // Only one run may break the lock at a time, and only the lock it saw: two runs breaking the same
        // stale lock must not both end up believing they hold it.
        if (!store.TryCreate(BreakKey, mine))
        {
            throw new DeployLockedException(
                $"Another run is breaking the {environment} lock right now ({store.Location}/{BreakKey}); if no run is, delete that object and try again.", holder);
        }

        try
        {
            if (store.Get<LockHolder>(Key)?.Token != holder.Token)
            {
                throw new DeployLockedException($"The {environment} lock changed hands while it was being broken; try again.", holder);
            }

            store.Delete(Key);
            return store.TryCreate(Key, mine)
                ? (mine, holder)
                : throw new DeployLockedException($"Another run took the {environment} lock while it was being broken; try again.", holder);
        }
        finally
        {
            store.Delete(BreakKey);
        }
    }

    /// <summary>Releases the lock if it is still the one this run holds.</summary>
    public void Release(LockHolder held)
    {
        if (store.Get<LockHolder>(Key)?.Token == held.Token)
        {
            store.Delete(Key);
        }
    }

    public LockHolder? Current() => store.Get<LockHolder>(Key);

    private static string Describe(LockHolder holder, DateTimeOffset now)
    {
        var state = holder.Expires < now
            ? "The lock has expired."
            : IsGoneFromThisHost(holder)
                ? "Its process is no longer running on this host."
                : "It is still active.";
        return $"{holder.Environment} is locked: {holder}. {state} "
            + "Wait for it to finish, or, if you are sure it is dead, run again with --break-lock (recorded in the audit journal).";
    }

    private static bool IsGoneFromThisHost(LockHolder holder)
    {
        if (holder.Host != Environment.MachineName)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(holder.ProcessId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
