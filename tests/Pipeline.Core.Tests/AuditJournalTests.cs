using System.Security.Cryptography;
using System.Text;
using Pipeline.Core.Audit;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;

namespace Pipeline.Core.Tests;

public sealed class AuditJournalTests : IDisposable
{
    private static readonly AuditActor Someone = new("alice", "build-01", null);

    private readonly string root = Directory.CreateTempSubdirectory("pipeline-audit-").FullName;

    [Fact]
    public void Three_appended_records_form_an_intact_chain()
    {
        var journal = Journal();

        var first = journal.Append(Someone, Deploy(1));
        var second = journal.Append(Someone, Deploy(2));
        var third = journal.Append(Someone, Deploy(3));

        Assert.Equal([1L, 2L, 3L], [first.Sequence, second.Sequence, third.Sequence]);
        Assert.Equal(new string('0', 64), first.PreviousHash);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(second.Hash, third.PreviousHash);
        var verification = journal.Verify();
        Assert.True(verification.Intact, string.Join(Environment.NewLine, verification.Problems));
        Assert.Equal(3, verification.Records);
    }

    [Fact]
    public void A_fresh_journal_on_the_same_store_reads_and_continues_the_chain()
    {
        var appended = Enumerable.Range(1, 3).Select(n => Journal().Append(Someone, Deploy(n))).ToList();

        var reloaded = Journal();
        var read = reloaded.ReadAll();
        var fourth = reloaded.Append(Someone, Deploy(4));

        Assert.Equal(appended.Select(r => r.Hash), read.Select(r => r.Hash));
        Assert.Equal(appended[1].What.Components, read[1].What.Components);
        Assert.Equal(appended[1].Timestamp, read[1].Timestamp);
        Assert.Equal(4, fourth.Sequence);
        Assert.Equal(appended[2].Hash, fourth.PreviousHash);
        Assert.True(reloaded.Verify().Intact);
    }

    [Fact]
    public void Records_are_stored_under_numbered_keys_with_a_utc_round_trip_timestamp_and_a_head()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 5, 1, 14, 30, 0, TimeSpan.FromHours(2)));
        var record = new AuditJournal(Store(), new SecretMasker(), clock).Append(Someone, Deploy(1));

        var stored = File.ReadAllText(Path.Combine(root, "audit", "00000001.json"));
        var head = File.ReadAllText(Path.Combine(root, "audit", "head.json"));

        Assert.Contains("\"timestamp\": \"2026-05-01T12:30:00.0000000Z\"", stored);
        Assert.Contains("\"environment\": \"staging\"", stored);
        Assert.Contains($"\"hash\": \"{record.Hash}\"", head);
        Assert.Contains("\"sequence\": 1", head);
    }

    [Fact]
    public void The_hash_is_sha256_of_the_documented_canonical_form()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var journal = new AuditJournal(Store(), new SecretMasker(), clock);

        var record = journal.Append(
            new AuditActor("alice", "build-01", "github-actions run 42"),
            new AuditEntry("deploy", "production", "succeeded", "1.0.0", "1.1.0", ["api", "web"], Reason: "release <1.1>"));

        const string canonical =
            "{\"sequence\":1,\"timestamp\":\"2026-05-01T12:00:00.0000000Z\","
            + "\"who\":{\"user\":\"alice\",\"host\":\"build-01\",\"ciRun\":\"github-actions run 42\"},"
            + "\"what\":{\"action\":\"deploy\",\"environment\":\"production\",\"outcome\":\"succeeded\",\"fromVersion\":\"1.0.0\","
            + "\"toVersion\":\"1.1.0\",\"components\":[\"api\",\"web\"],\"backupIds\":null,\"reason\":\"release \\u003C1.1\\u003E\","
            + "\"deploymentId\":null,\"target\":null},"
            + "\"previousHash\":\"0000000000000000000000000000000000000000000000000000000000000000\"}";
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), record.Hash);
    }

    [Fact]
    public void A_secret_known_to_the_masker_never_reaches_a_stored_file()
    {
        const string secret = "s3cr3t-t0ken-value";
        var masker = new SecretMasker();
        masker.Add(secret);
        var journal = new AuditJournal(Store(), masker);

        var record = journal.Append(
            new AuditActor($"ci-{secret}", "build-01", null),
            new AuditEntry(
                "deploy",
                "production",
                "failed",
                Components: [$"api?key={secret}"],
                BackupIds: [secret],
                Reason: $"health check rejected token {secret}",
                Target: $"https://host/?t={secret}"));

        Assert.Equal("health check rejected token ****", record.What.Reason);
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(secret, File.ReadAllText(file), StringComparison.Ordinal);
        }

        Assert.True(journal.Verify().Intact);
    }

    [Fact]
    public void Two_journals_appending_at_once_on_one_store_keep_one_contiguous_chain()
    {
        const int perWriter = 25;
        var journals = new[] { Journal(), Journal() };
        using var start = new Barrier(journals.Length);

        Parallel.ForEach(
            journals,
            new ParallelOptions { MaxDegreeOfParallelism = journals.Length },
            (journal, _, writer) =>
            {
                start.SignalAndWait();
                for (var n = 1; n <= perWriter; n++)
                {
                    journal.Append(Someone, Deploy(n) with { Reason = $"writer {writer} append {n}" });
                }
            });

        var records = Journal().ReadAll();
        var verification = Journal().Verify();
        Assert.True(verification.Intact, string.Join(Environment.NewLine, verification.Problems));
        Assert.Equal(Enumerable.Range(1, 2 * perWriter).Select(n => (long)n), records.Select(r => r.Sequence));
        Assert.Equal(2 * perWriter, records.Select(r => r.What.Reason).Distinct().Count());
        Assert.Contains($"\"sequence\": {2 * perWriter}", File.ReadAllText(Path.Combine(root, "audit", "head.json")));
    }

    [Fact]
    public void A_writer_that_loses_its_sequence_number_chains_onto_the_record_that_took_it()
    {
        var other = Journal();
        other.Append(Someone, Deploy(1));
        var store = new InterloperStore(Store(), () => other.Append(Someone, Deploy(2) with { Reason = "other writer" }));

        var mine = new AuditJournal(store, new SecretMasker()).Append(Someone, Deploy(2) with { Reason = "this writer" });

        var records = Journal().ReadAll();
        Assert.Equal(["other writer", "this writer"], records.Skip(1).Select(r => r.What.Reason));
        Assert.Equal(3, mine.Sequence);
        Assert.Equal(records[1].Hash, mine.PreviousHash);
        Assert.True(Journal().Verify().Intact);
    }

    [Fact]
    public void Appending_after_the_newest_records_were_removed_keeps_the_gap_visible()
    {
        var journal = Journal();
        for (var n = 1; n <= 3; n++)
        {
            journal.Append(Someone, Deploy(n));
        }

        File.Delete(Path.Combine(root, "audit", "00000003.json"));
        var next = journal.Append(Someone, Deploy(4));

        Assert.Equal(4, next.Sequence);
        var problem = Assert.Single(journal.Verify().Problems);
        Assert.StartsWith("audit/00000003.json: record 3 is missing", problem);
    }

    [Fact]
    public void The_actor_under_github_actions_is_the_workflow_actor_and_run()
    {
        var variables = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_RUN_ID"] = "123456",
            ["GITHUB_ACTOR"] = "octocat",
        };

        var actor = AuditActor.From(name => variables.GetValueOrDefault(name), "runner", "fv-az1");

        Assert.Equal(new AuditActor("octocat", "fv-az1", "github-actions run 123456"), actor);
    }

    [Fact]
    public void The_actor_outside_ci_is_the_os_user_without_a_run()
    {
        var actor = AuditActor.From(_ => null, "alice", "laptop");

        Assert.Equal(new AuditActor("alice", "laptop", null), actor);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static AuditEntry Deploy(int n) =>
        new("deploy", "staging", "succeeded", $"1.0.{n - 1}", $"1.0.{n}", ["api", "web"], DeploymentId: $"d-{n}");

    private LocalStateStore Store() => new(root);

    private AuditJournal Journal() => new(Store(), new SecretMasker());

    /// <summary>A store on which another writer creates a record just before the first record this one tries to create.</summary>
    private sealed class InterloperStore(IStateStore inner, Action interlope) : IStateStore
    {
        private Action? pending = interlope;

        public string Location => inner.Location;

        public bool Exists(string key) => inner.Exists(key);

        public byte[]? Read(string key) => inner.Read(key);

        public void Write(string key, ReadOnlySpan<byte> content) => inner.Write(key, content);

        public bool TryCreate(string key, ReadOnlySpan<byte> content)
        {
            Interlocked.Exchange(ref pending, null)?.Invoke();
            return inner.TryCreate(key, content);
        }

        public void Upload(string key, string localFile) => inner.Upload(key, localFile);

        public bool Download(string key, string localFile) => inner.Download(key, localFile);

        public IReadOnlyList<string> List(string prefix) => inner.List(prefix);

        public void Delete(string key) => inner.Delete(key);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
