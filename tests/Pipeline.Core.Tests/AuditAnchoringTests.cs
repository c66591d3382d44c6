using Pipeline.Core.Audit;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;

namespace Pipeline.Core.Tests;

/// <summary>
/// Tampering by someone who can write the state store but does not hold the audit key: each attack below passes
/// the hash chain alone, and is reported once the journal is sealed and anchored outside the store.
/// </summary>
public sealed class AuditAnchoringTests : IDisposable
{
    private const string KeyText = "6f1c2d3e4a5b69788796a5b4c3d2e1f00112233445566778899aabbccddeeff";

    private static readonly AuditActor Someone = new("alice", "build-01", null);

    private readonly string root = Directory.CreateTempSubdirectory("pipeline-audit-anchor-").FullName;
    private readonly LocalStateStore store;
    private readonly AuditKey key = new(KeyText, "the environment variable PIPELINE_AUDIT_KEY");
    private readonly AuditAnchorFile anchor;
    private readonly AuditJournal journal;

    public AuditAnchoringTests()
    {
        store = new LocalStateStore(Path.Combine(root, "state"));
        anchor = new AuditAnchorFile(Path.Combine(root, "anchors"), store.Location);
        journal = new AuditJournal(store, new SecretMasker(), key, anchor);
    }

    [Fact]
    public void A_sealed_and_anchored_journal_verifies_and_says_so()
    {
        AppendFive();

        var verification = journal.Verify();

        Assert.True(verification.Intact, string.Join(Environment.NewLine, verification.Problems));
        Assert.True(verification.Anchored);
        Assert.StartsWith("anchored: records and head sealed with the audit key from the environment variable PIPELINE_AUDIT_KEY", verification.Anchoring, StringComparison.Ordinal);
        var head = journal.Head()!;
        Assert.Equal(5, head.Sequence);
        Assert.Equal(journal.ReadAll()[^1].Hash, head.Hash);
        Assert.Equal(key.Seal("head", 5, head.Hash), head.Mac);
        Assert.Equal(head, anchor.Read());
        Assert.Contains($"audit head 5 sha256:{head.Hash} hmac:{head.Mac}", head.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_key_verification_says_the_chain_is_unanchored_instead_of_claiming_it_tamper_proof()
    {
        var unkeyed = new AuditJournal(store, new SecretMasker(), key: null, anchorFile: null);
        unkeyed.Append(Someone, Deploy(1));

        var verification = unkeyed.Verify();

        Assert.True(verification.Intact);
        Assert.False(verification.Anchored);
        Assert.StartsWith("unanchored: no audit key is set (env:PIPELINE_AUDIT_KEY or store:pipeline/audit-key)", verification.Anchoring, StringComparison.Ordinal);
        Assert.Contains("audit/ deleted would not be found", verification.Anchoring, StringComparison.Ordinal);
        Assert.Null(unkeyed.Head()!.Mac);
    }

    [Fact]
    public void A_tail_cut_with_head_json_rewritten_is_reported()
    {
        AppendFive();
        CutTailTo(3, sealedHead: null);

        var problems = journal.Verify().Problems;

        Assert.Contains("audit/head.json: not sealed though the records are (it names record 3); it was rewritten without the audit key", problems);
        Assert.Contains(problems, p => p.StartsWith($"audit/00000004.json to audit/00000005.json: records 4 to 5 are missing (removed from the end: the anchor {anchor.Path} names record 5", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tail_cut_that_puts_back_a_genuine_older_head_is_reported_through_the_anchor()
    {
        for (var n = 1; n <= 3; n++)
        {
            journal.Append(Someone, Deploy(n));
        }

        var genuineHeadOfThree = File.ReadAllBytes(HeadFile);
        journal.Append(Someone, Deploy(4));
        journal.Append(Someone, Deploy(5));
        File.Delete(RecordFile(4));
        File.Delete(RecordFile(5));
        File.WriteAllBytes(HeadFile, genuineHeadOfThree);

        var problem = Assert.Single(journal.Verify().Problems);

        Assert.StartsWith($"audit/00000004.json to audit/00000005.json: records 4 to 5 are missing (removed from the end: the anchor {anchor.Path} names record 5", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_tail_cut_passes_a_journal_that_is_not_anchored()
    {
        var unkeyed = new AuditJournal(store, new SecretMasker(), key: null, anchorFile: null);
        for (var n = 1; n <= 5; n++)
        {
            unkeyed.Append(Someone, Deploy(n));
        }

        CutTailTo(3, sealedHead: null);

        Assert.True(unkeyed.Verify().Intact);
    }

    [Fact]
    public void An_edit_re_chained_through_every_later_record_and_the_head_is_reported()
    {
        AppendFive();
        var before = journal.Head()!;
        Rechain(from: 2, edit: r => r with { What = r.What with { Outcome = "failed" } });

        var problems = journal.Verify().Problems;

        Assert.Equal(6, problems.Count);
        for (var n = 2; n <= 5; n++)
        {
            Assert.Contains(problems, p => p.StartsWith($"audit/0000000{n}.json: record {n} does not match its seal", StringComparison.Ordinal));
        }

        Assert.Contains(problems, p => p.StartsWith("audit/head.json: does not match its seal (it names record 5", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"audit/00000005.json: record 5 does not match the anchor {anchor.Path} (hash", StringComparison.Ordinal));
        Assert.Contains(
            journal.Verify([before]).Problems,
            p => p.StartsWith("audit/00000005.json: record 5 does not match the published head (hash", StringComparison.Ordinal));
    }

    [Fact]
    public void A_deleted_journal_is_reported_through_the_anchor_file()
    {
        AppendFive();
        Directory.Delete(Path.Combine(store.Location, "audit"), recursive: true);

        var problem = Assert.Single(journal.Verify().Problems);

        Assert.StartsWith($"audit/: the journal is gone: the anchor {anchor.Path} names record 5 with hash", problem, StringComparison.Ordinal);
        Assert.EndsWith("but the store holds no audit records; it was deleted", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_journal_is_reported_through_a_head_published_in_a_notice()
    {
        var withoutAnchorFile = new AuditJournal(store, new SecretMasker(), key, anchorFile: null);
        for (var n = 1; n <= 2; n++)
        {
            withoutAnchorFile.Append(Someone, Deploy(n));
        }

        var published = withoutAnchorFile.Head()!;
        Directory.Delete(Path.Combine(store.Location, "audit"), recursive: true);

        Assert.True(withoutAnchorFile.Verify().Intact);
        var problem = Assert.Single(withoutAnchorFile.Verify([published]).Problems);
        Assert.StartsWith("audit/: the journal is gone: the published head names record 2", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forged_published_head_is_reported()
    {
        AppendFive();
        var forged = journal.Head()! with { Sequence = 9 };

        var problem = Assert.Single(journal.Verify([forged]).Problems);

        Assert.StartsWith("the published head: does not match its seal (record 9", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sealed_journal_checked_without_the_key_is_a_problem_not_a_pass()
    {
        AppendFive();

        var verification = new AuditJournal(store, new SecretMasker(), key: null, anchorFile: null).Verify();

        Assert.False(verification.Intact);
        Assert.Contains("audit/: the journal is sealed with an audit key, but none is set for this run (env:PIPELINE_AUDIT_KEY or store:pipeline/audit-key); its seals cannot be checked", verification.Problems);
    }

    [Fact]
    public void A_journal_checked_with_another_key_names_every_record()
    {
        AppendFive();
        var otherKey = new AuditKey(new string('0', 64), "test");

        var problems = new AuditJournal(store, new SecretMasker(), otherKey, anchorFile: null).Verify().Problems;

        Assert.Equal(6, problems.Count);
    }

    [Fact]
    public void Records_written_before_a_key_was_set_stay_valid_and_sealing_starts_with_the_next()
    {
        var unkeyed = new AuditJournal(store, new SecretMasker(), key: null, anchorFile: null);
        unkeyed.Append(Someone, Deploy(1));
        unkeyed.Append(Someone, Deploy(2));

        journal.Append(Someone, Deploy(3));

        var verification = journal.Verify();
        Assert.True(verification.Intact, string.Join(Environment.NewLine, verification.Problems));
        Assert.Equal([null, null], journal.ReadAll().Take(2).Select(r => r.Mac));
        Assert.NotNull(journal.ReadAll()[2].Mac);
    }

    [Fact]
    public void The_key_comes_from_the_environment_first_then_the_secret_store_and_is_masked()
    {
        var masker = new SecretMasker();
        var fromEnvironment = AuditKey.Find(new SecretResolver([new EnvironmentSecretSource(name => name == "PIPELINE_AUDIT_KEY" ? KeyText : null)], masker));
        var nothing = AuditKey.Find(new SecretResolver([new EnvironmentSecretSource(_ => null), new FileSecretStore(Path.Combine(root, "none.json"))], new SecretMasker()));

        Assert.Equal("the environment variable PIPELINE_AUDIT_KEY", fromEnvironment!.Source);
        Assert.Equal("key ****", masker.Apply($"key {KeyText}"));
        Assert.Null(nothing);
        Assert.Equal("store:pipeline/audit-key", AuditKey.StoreReference.ToString());
        Assert.Equal(new SecretReference(SecretSource.Env, "PIPELINE_AUDIT_KEY"), AuditKey.EnvironmentReference);
    }

    [Fact]
    public void A_short_key_is_refused_without_showing_it()
    {
        var error = Assert.Throws<SecretException>(() => new AuditKey("short-audit-key", "the environment variable PIPELINE_AUDIT_KEY"));

        Assert.StartsWith("the environment variable PIPELINE_AUDIT_KEY: the audit key is 15 characters long; expected at least 32", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-audit-key", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static AuditEntry Deploy(int n) => new("deploy", "production", "succeeded", ToVersion: $"1.0.{n}");

    private string HeadFile => Path.Combine(store.Location, "audit", "head.json");

    private string RecordFile(long sequence) => Path.Combine(store.Location, "audit", $"{sequence:D8}.json");

    private void AppendFive()
    {
        for (var n = 1; n <= 5; n++)
        {
            journal.Append(Someone, Deploy(n));
        }
    }

    /// <summary>Removes every record after <paramref name="newest"/> and points head.json at it, as someone hiding them would.</summary>
    private void CutTailTo(long newest, string? sealedHead)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(store.Location, "audit"), "0*.json"))
        {
            if (long.Parse(Path.GetFileNameWithoutExtension(file), System.Globalization.CultureInfo.InvariantCulture) > newest)
            {
                File.Delete(file);
            }
        }

        var kept = AuditJson.Parse<AuditRecord>("kept", File.ReadAllBytes(RecordFile(newest)));
        File.WriteAllBytes(HeadFile, AuditJson.Serialize(new AuditHead(newest, kept.Hash, sealedHead)));
    }

    /// <summary>Edits one record and recomputes its hash and every later one's, and the head, as someone without the key can.</summary>
    private void Rechain(long from, Func<AuditRecord, AuditRecord> edit)
    {
        var records = journal.ReadAll();
        var previous = records[(int)from - 2].Hash;
        foreach (var record in records.Where(r => r.Sequence >= from))
        {
            var changed = (record.Sequence == from ? edit(record) : record) with { PreviousHash = previous };
            changed = changed with { Hash = AuditHash.Compute(changed) };
            File.WriteAllBytes(RecordFile(record.Sequence), AuditJson.Serialize(changed));
            previous = changed.Hash;
        }

        var oldHead = AuditJson.Parse<AuditHead>("head", File.ReadAllBytes(HeadFile));
        File.WriteAllBytes(HeadFile, AuditJson.Serialize(oldHead with { Hash = previous }));
    }
}
