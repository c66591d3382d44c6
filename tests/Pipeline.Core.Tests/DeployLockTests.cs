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
    public void Two_runs_that_both_saw_the_same_stale_lock_cannot_both_break_it()
    {
        var store = new LocalStateStore(root);
        new DeployLock(store).Acquire("staging", "deploy", "gone@desk-1", TimeSpan.FromMinutes(5), breakExisting: false);

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
        var theirs = Lock.Acquire("staging", "deploy", "bob", TimeSpan.FromMinutes(5), breakExisting: true).Held;

        Lock.Release(mine);

        Assert.Equal(theirs.Token, Lock.Current()!.Token);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

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
