using Pipeline.Core.State;

namespace Pipeline.Core.Tests;

public sealed class LocalStateStoreTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-store-").FullName;

    [Fact]
    public void Of_many_racing_creators_of_one_key_exactly_one_wins_and_its_content_is_whole()
    {
        var store = new LocalStateStore(root);
        for (var round = 0; round < 50; round++)
        {
            var key = $"locks/{round}.json";
            var winners = new int[8];
            Parallel.For(0, winners.Length, i => winners[i] = store.TryCreate(key, System.Text.Encoding.UTF8.GetBytes($"writer {i}")) ? 1 : 0);

            Assert.Equal(1, winners.Sum());
            Assert.Equal($"writer {Array.IndexOf(winners, 1)}", System.Text.Encoding.UTF8.GetString(store.Read(key)!));
        }

        Assert.DoesNotContain(Directory.GetFiles(root, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../outside.json")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    public void A_key_that_would_leave_the_store_is_refused(string key) =>
        Assert.Throws<ArgumentException>(() => new LocalStateStore(root).Read(key));

    [Fact]
    public void Listing_is_ordinal_and_by_prefix()
    {
        var store = new LocalStateStore(root);
        store.Write("audit/00000002.json", "b"u8);
        store.Write("audit/00000001.json", "a"u8);
        store.Write("backups/x/manifest.json", "c"u8);

        Assert.Equal(["audit/00000001.json", "audit/00000002.json"], store.List("audit/"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
