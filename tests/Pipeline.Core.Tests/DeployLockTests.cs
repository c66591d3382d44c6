using System.Diagnostics;
using Pipeline.Core.Deployment;
using Pipeline.Core.State;

namespace Pipeline.Core.Tests;

public sealed class DeployLockTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-lock-").FullName;

    private DeployLock Lock => new(new LocalStateStore(root));

    [Fact]
    public void A_held_lock_refuses_a_second_run_naming_the_holder()
    {
        Lock.Acquire("staging", "deploy", "alice@desk-7", TimeSpan.FromMinutes(5), breakExisting: false);

        var refused = Assert.Throws<DeployLockedException>(() => Lock.Acquire("staging", "rollback", "bob@desk-9", TimeSpan.FromMinutes(5), breakExisting: false));

        Assert.Equal("alice@desk-7", refused.Holder.User);
        Assert.Contains("staging is locked: deploy by alice@desk-7", refused.Message);
        Assert.Contains("--break-lock", refused.Message);
    }

    [Fact]
    public void Break_lock_is_refused_while_the_holder_runs_on_this_host_and_the_lock_is_kept()
    {
        var held = Lock.Acquire("staging", "deploy", "alice@desk-7", TimeSpan.FromMinutes(5), breakExisting: false).Held;

        var refused = Assert.Throws<DeployLockedException>(() => Lock.Acquire("staging", "rollback", "bob@desk-9", TimeSpan.FromMinutes(5), breakExisting: true));

        Assert.StartsWith(
            $"--break-lock refused: the staging lock is held by pid {Environment.ProcessId} on this host, which is running; stop it first (it is the deploy by alice@desk-7",
            refused.Message,
            StringComparison.Ordinal);
        Assert.Equal(held.Token, Lock.Current()!.Token);
    }

    [Fact]
    public void Without_break_lock_a_live_holder_on_this_host_is_named_by_its_pid()
    {
        Lock.Acquire("staging", "deploy", "alice@desk-7", TimeSpan.FromMinutes(5), breakExisting: false);

        var refused = Assert.Throws<DeployLockedException>(() => Lock.Acquire("staging", "deploy", "bob", TimeSpan.FromMinutes(5), breakExisting: false));

        Assert.Contains($"It is held by pid {Environment.ProcessId} on this host, which is running.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Break_lock_breaks_a_lock_whose_process_on_this_host_has_ended()
    {
        Plant(Holder("gone@desk-1", Environment.MachineName, DeadProcessId()));

        var (held, broken) = Lock.Acquire("staging", "deploy", "bob", TimeSpan.FromMinutes(5), breakExisting: true);

        Assert.Equal("gone@desk-1", broken!.User);
        Assert.Equal(held.Token, Lock.Current()!.Token);
    }

    [Fact]
    public void Break_lock_breaks_a_lock_whose_pid_now_belongs_to_a_process_started_after_the_lock()
    {
        using var self = Process.GetCurrentProcess();
        var beforeThisProcess = new DateTimeOffset(self.StartTime.ToUniversalTime()) - TimeSpan.FromHours(1);
        Plant(Holder("gone@desk-1", Environment.MachineName, Environment.ProcessId) with { Started = beforeThisProcess, Expires = beforeThisProcess + TimeSpan.FromMinutes(5) });

        var (_, broken) = Lock.Acquire("staging", "deploy", "bob", TimeSpan.FromMinutes(5), breakExisting: true);

        Assert.Equal("gone@desk-1", broken!.User);
    }

    [Fact]
    public void Break_lock_breaks_a_lock_held_on_another_host()
    {
        Plant(Holder("carol@ci-runner", "ci-runner-3", Environment.ProcessId));

        var (_, broken) = Lock.Acquire("staging", "deploy", "bob", TimeSpan.FromMinutes(5), breakExisting: true);

        Assert.Equal("ci-runner-3", broken!.Host);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("{\"token\": \"0123\", \"operation\": \"deploy\"")]
    [InlineData("{}")]
    public void An_unreadable_lock_file_is_refused_naming_the_file_and_the_way_out(string content)
    {
        WriteLockFile(content);

        var refused = Assert.Throws<DeployLockedException>(() => Lock.Acquire("staging", "deploy", "bob", TimeSpan.FromMinutes(5), breakExisting: false));

        Assert.StartsWith($"staging is locked, but {LockFile}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("run again with --break-lock to remove it", refused.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(LockFile));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("{}")]
    public void Break_lock_breaks_an_unreadable_lock_file_and_says_so(string content)
    {
        WriteLockFile(content);

        var (held, broken) = Lock.Acquire("staging", "deploy", "bob", TimeSpan.FromMinutes(5), breakExisting: true);

        Assert.NotNull(broken!.Problem);
        Assert.StartsWith($"nobody known: the lock file could not be read ({LockFile}", broken.ToString(), StringComparison.Ordinal);
        Assert.Equal(held.Token, Lock.Current()!.Token);
        Assert.Equal("bob", Lock.Current()!.User);
    }

    [Fact]
    public void Two_runs_that_both_saw_the_same_stale_lock_cannot_both_break_it()
    {
        var store = new LocalStateStore(root);
        store.Put(DeployLock.Key, Holder("gone@desk-1", Environment.MachineName, DeadProcessId()));

        // Both runs read the stale holder before either acts on it: the interleaving that lets a naive break succeed twice.
        using var racing = new ReadersMeetFirst(store, DeployLock.Key, readers: 2);
        var outcomes = new string[2];
        Parallel.For(0, 2, i =>
        {
            try
            {
                outcomes[i] = new DeployLock(racing).Acquire("staging", "deploy", $"run-{i}", TimeSpan.FromMinutes(5), breakExisting: true).Broken!.User;
            }
            catch (DeployLockedException)
            {
                outcomes[i] = "refused";
            }
        });

        Assert.Single(outcomes, o => o == "gone@desk-1");
        Assert.Single(outcomes, o => o == "refused");
    }

    [Fact]
    public void Releasing_leaves_a_lock_taken_by_someone_else_alone()
    {
        var mine = Lock.Acquire("staging", "deploy", "alice", TimeSpan.FromMinutes(5), breakExisting: false).Held;
        var theirs = Holder("bob", "ci-runner-3", 4242);
        Plant(theirs);

        Lock.Release(mine);

        Assert.Equal(theirs.Token, Lock.Current()!.Token);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string LockFile => Path.Combine(root, DeployLock.Key);

    private static LockHolder Holder(string user, string host, int processId)
    {
        var now = DateTimeOffset.UtcNow;
        return new LockHolder(Guid.NewGuid().ToString("N"), "deploy", "staging", user, host, processId, now, now + TimeSpan.FromMinutes(5));
    }

    /// <summary>The pid of a process that has ended (a finished child; the OS does not hand its pid out again at once).</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }

    private void Plant(LockHolder holder) => new LocalStateStore(root).Put(DeployLock.Key, holder);

    private void WriteLockFile(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LockFile)!);
        File.WriteAllText(LockFile, content);
    }

    /// <summary>A state store whose first reads of one key wait for each other, then act one after the other: a race, forced.</summary>
    private sealed class ReadersMeetFirst(IStateStore inner, string key, int readers) : IStateStore, IDisposable
    {
        private readonly Barrier barrier = new(readers);
        private int arrivals;

        public string Location => inner.Location;

        public bool Exists(string k) => inner.Exists(k);

        public byte[]? Read(string k)
        {
            var content = inner.Read(k);
            var arrival = k == key ? Interlocked.Increment(ref arrivals) : 0;
            if (arrival is > 0 && arrival <= readers)
            {
                barrier.SignalAndWait(TimeSpan.FromSeconds(10));

                // The later reader acts only after the first has finished acting on what both saw.
                Thread.Sleep(TimeSpan.FromMilliseconds(300 * (arrival - 1)));
            }

            return content;
        }

        public void Write(string k, ReadOnlySpan<byte> content) => inner.Write(k, content);

        public bool TryCreate(string k, ReadOnlySpan<byte> content) => inner.TryCreate(k, content);

        public void Upload(string k, string localFile) => inner.Upload(k, localFile);

        public bool Download(string k, string localFile) => inner.Download(k, localFile);

        public IReadOnlyList<string> List(string prefix) => inner.List(prefix);

        public void Delete(string k) => inner.Delete(k);

        public void Dispose() => barrier.Dispose();
    }
}
