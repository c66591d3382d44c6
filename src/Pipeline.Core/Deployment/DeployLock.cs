using System.Diagnostics;
using System.Text.Json;
using Pipeline.Core.State;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Who holds an environment's deploy lock, since when, until when, and for what. <see cref="Problem"/> is set
/// only on a holder made up for a lock file that could not be read; its other fields are then unknown.
/// </summary>
public sealed record LockHolder(string Token, string Operation, string Environment, string User, string Host, int ProcessId, DateTimeOffset Started, DateTimeOffset Expires, string? Problem = null)
{
    /// <summary>Stands for the holder of a lock file that exists but cannot be read.</summary>
    public static LockHolder Unreadable(string environment, string problem) =>
        new(string.Empty, "unknown", environment, "unknown", "unknown", 0, DateTimeOffset.MinValue, DateTimeOffset.MinValue, problem);

    public override string ToString() => Problem is not null
        ? $"nobody known: the lock file could not be read ({Problem})"
        : $"{Operation} by {User} on {Host} (process {ProcessId}), started {Started:u}, expires {Expires:u}";
}

/// <summary>The lock could not be taken; says who holds it and what to do.</summary>
public sealed class DeployLockedException(string message, LockHolder holder) : Exception(message)
{
    public LockHolder Holder { get; } = holder;
}

/// <summary>
/// One deploy or rollback per environment at a time. The lock is an object created only if absent, so
/// two runs can never both take it. It names its owner and expires; a lock is broken only on request
/// (--break-lock), never while its process still runs on this host, and the caller records that in the
/// audit journal. A lock file that cannot be read can be broken too.
/// </summary>
public sealed class DeployLock(IStateStore store, TimeProvider? clock = null)
{
    public const string Key = "locks/deploy.json";

    private const string BreakKey = "locks/deploy.break.json";

    // The lock object can vanish between the failed create and the read (its holder released it): try again.
    private const int Attempts = 3;

    // /proc gives a process's start in clock ticks since boot; allow for rounding against the lock's own clock.
    private static readonly TimeSpan StartTolerance = TimeSpan.FromSeconds(1);

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    private string Where => $"{store.Location}/{Key}";

    /// <summary>
    /// Takes the lock, or throws <see cref="DeployLockedException"/> naming the holder. With
    /// <paramref name="breakExisting"/>, a held lock is broken unless its process is running on this host;
    /// returns the broken holder, if any (for an unreadable lock file, one whose <see cref="LockHolder.Problem"/> says why).
    /// </summary>
    public (LockHolder Held, LockHolder? Broken) Acquire(string environment, string operation, string user, TimeSpan lifetime, bool breakExisting)
    {
        var now = clock.GetUtcNow();
        var mine = new LockHolder(Guid.NewGuid().ToString("N"), operation, environment, user, System.Environment.MachineName, System.Environment.ProcessId, now, now + lifetime);
        for (var attempt = 1; ; attempt++)
        {
            if (store.TryCreate(Key, mine))
            {
                return (mine, null);
            }

            if (store.Read(Key) is not { } seen)
            {
                if (attempt < Attempts)
                {
                    continue;
                }

                throw new InvalidOperationException($"{Where}: the lock was taken and released {Attempts} times while this run tried to take it; try again.");
            }

            var holder = Parse(seen, environment);
            if (!breakExisting)
            {
                throw new DeployLockedException(Describe(holder, now), holder);
            }

            if (holder.Problem is null && RunningOnThisHost(holder))
            {
                throw new DeployLockedException(
                    $"--break-lock refused: the {environment} lock is held by pid {holder.ProcessId} on this host, which is running; stop it first "
                    + $"(it is the {holder}), or wait for it to finish.",
                    holder);
            }

            return (Break(environment, seen, holder, mine), holder);
        }
    }

    /// <summary>Releases the lock if it is still the one this run holds.</summary>
    public void Release(LockHolder held)
    {
        ArgumentNullException.ThrowIfNull(held);
        if (store.Read(Key) is { } bytes && Parse(bytes, held.Environment).Token == held.Token)
        {
            store.Delete(Key);
        }
    }

    /// <summary>The lock's holder; for a lock file that cannot be read, a holder whose <see cref="LockHolder.Problem"/> says why.</summary>
    public LockHolder? Current() => store.Read(Key) is { } bytes ? Parse(bytes, "unknown") : null;

    private LockHolder Break(string environment, byte[] seen, LockHolder holder, LockHolder mine)
    {
        // Only one run may break the lock at a time, and only the lock it saw: two runs breaking the same
        // stale lock must not both end up believing they hold it.
        if (!store.TryCreate(BreakKey, mine))
        {
            throw new DeployLockedException(
                $"Another run is breaking the {environment} lock right now ({store.Location}/{BreakKey}); if no run is, delete that object and try again.", holder);
        }

        try
        {
            if (store.Read(Key) is not { } now || !now.AsSpan().SequenceEqual(seen))
            {
                throw new DeployLockedException($"The {environment} lock changed hands while it was being broken; try again.", holder);
            }

            store.Delete(Key);
            return store.TryCreate(Key, mine)
                ? mine
                : throw new DeployLockedException($"Another run took the {environment} lock while it was being broken; try again.", holder);
        }
        finally
        {
            store.Delete(BreakKey);
        }
    }

    private LockHolder Parse(byte[] bytes, string environment)
    {
        try
        {
            var holder = JsonSerializer.Deserialize<LockHolder>(bytes, Configuration.ConfigJson.Options);
            return holder is { Token.Length: > 0, Host.Length: > 0 }
                ? holder
                : LockHolder.Unreadable(environment, $"{Where} holds no token and host: {bytes.Length} bytes that are not a lock this pipeline wrote");
        }
        catch (JsonException ex)
        {
            return LockHolder.Unreadable(environment, $"{Where} is not valid lock JSON ({bytes.Length} bytes; {ex.Message.Split(" Path:")[0].TrimEnd('.')})");
        }
    }

    private static string Describe(LockHolder holder, DateTimeOffset now)
    {
        if (holder.Problem is not null)
        {
            return $"{holder.Environment} is locked, but {holder.Problem}. If no deploy or rollback of {holder.Environment} is running, "
                + "run again with --break-lock to remove it (recorded in the audit journal).";
        }

        var state = holder.Expires < now
            ? "The lock has expired."
            : holder.Host == System.Environment.MachineName
                ? RunningOnThisHost(holder)
                    ? $"It is held by pid {holder.ProcessId} on this host, which is running."
                    : "Its process is no longer running on this host."
                : "It is still active.";
        return $"{holder.Environment} is locked: {holder}. {state} "
            + "Wait for it to finish, or, if you are sure it is dead, run again with --break-lock (recorded in the audit journal).";
    }

    /// <summary>Whether the holder's process is alive on this host; a process that started after the lock did merely reuses its pid.</summary>
    private static bool RunningOnThisHost(LockHolder holder)
    {
        if (holder.Host != System.Environment.MachineName || holder.ProcessId <= 0)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(holder.ProcessId);
            return !process.HasExited && process.StartTime.ToUniversalTime() <= holder.Started.UtcDateTime + StartTolerance;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
