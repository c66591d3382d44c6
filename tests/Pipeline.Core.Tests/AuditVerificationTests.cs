using System.Text.Json.Nodes;
using Pipeline.Core.Audit;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;

namespace Pipeline.Core.Tests;

public sealed class AuditVerificationTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-audit-").FullName;
    private readonly AuditJournal journal;

    public AuditVerificationTests()
    {
        journal = new AuditJournal(new LocalStateStore(root), new SecretMasker());
        for (var n = 1; n <= 3; n++)
        {
            journal.Append(new AuditActor("alice", "build-01", null), new AuditEntry("deploy", "production", "succeeded", ToVersion: $"1.0.{n}"));
        }
    }

    [Fact]
    public void An_edited_field_names_the_edited_record()
    {
        var record = JsonNode.Parse(File.ReadAllText(PathOf(2)))!;
        record["what"]!["outcome"] = "failed";
        File.WriteAllText(PathOf(2), record.ToJsonString());

        var problem = Assert.Single(journal.Verify().Problems);

        Assert.Matches(@"^audit/00000002\.json: record 2 was edited \(hash [0-9a-f]{12}\.\.\. recorded, [0-9a-f]{12}\.\.\. computed\)$", problem);
    }

    [Fact]
    public void A_removed_record_is_named()
    {
        File.Delete(PathOf(2));

        var verification = journal.Verify();

        Assert.Equal(2, verification.Records);
        var problem = Assert.Single(verification.Problems);
        Assert.StartsWith("audit/00000002.json: record 2 is missing", problem);
    }

    [Fact]
    public void Swapped_records_are_each_named()
    {
        var second = File.ReadAllBytes(PathOf(2));
        File.WriteAllBytes(PathOf(2), File.ReadAllBytes(PathOf(3)));
        File.WriteAllBytes(PathOf(3), second);

        var problems = journal.Verify().Problems;

        Assert.Contains("audit/00000002.json: holds record 3 where record 2 belongs; records were moved or reordered", problems);
        Assert.Contains("audit/00000003.json: holds record 2 where record 3 belongs; records were moved or reordered", problems);
        Assert.DoesNotContain(problems, p => p.StartsWith("audit/00000001.json", StringComparison.Ordinal));
    }

    [Fact]
    public void A_removed_newest_record_is_named_through_the_head()
    {
        File.Delete(PathOf(3));

        var problem = Assert.Single(journal.Verify().Problems);

        Assert.StartsWith("audit/00000003.json: record 3 is missing (removed from the end: audit/head.json names record 3", problem);
    }

    [Fact]
    public void A_record_that_is_not_valid_json_is_named()
    {
        File.WriteAllText(PathOf(2), "{ \"sequence\": 2, ");

        var problem = Assert.Single(journal.Verify().Problems);

        Assert.StartsWith("audit/00000002.json: record 2 is not a valid audit record", problem);
    }

    [Fact]
    public void A_record_missing_its_hash_is_not_a_valid_record()
    {
        var record = JsonNode.Parse(File.ReadAllText(PathOf(1)))!.AsObject();
        record.Remove("hash");
        File.WriteAllText(PathOf(1), record.ToJsonString());

        Assert.StartsWith("audit/00000001.json: record 1 is not a valid audit record", Assert.Single(journal.Verify().Problems));
    }

    [Fact]
    public void A_record_edited_and_resealed_breaks_the_link_from_the_next()
    {
        var edited = journal.ReadAll()[1] with { What = new AuditEntry("deploy", "production", "failed") };
        var resealed = edited with { Hash = AuditHash.Compute(edited) };
        new LocalStateStore(root).Write("audit/00000002.json", AuditJson.Serialize(resealed));

        var problem = Assert.Single(journal.Verify().Problems);

        Assert.StartsWith("audit/00000003.json: record 3 does not follow record 2", problem);
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var record = JsonNode.Parse(File.ReadAllText(PathOf(1)))!;
        record["who"]!["user"] = "mallory";
        File.WriteAllText(PathOf(1), record.ToJsonString());
        File.Delete(PathOf(3));

        var problems = journal.Verify().Problems;

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("audit/00000001.json: record 1 was edited", problems[0]);
        Assert.StartsWith("audit/00000003.json: record 3 is missing", problems[1]);
    }

    [Fact]
    public void Reading_a_damaged_journal_names_the_damaged_record()
    {
        File.WriteAllText(PathOf(2), "not json");

        var error = Assert.Throws<InvalidDataException>(() => journal.ReadAll());

        Assert.StartsWith("audit/00000002.json: not a valid audit journal object", error.Message);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string PathOf(int sequence) => Path.Combine(root, "audit", $"{sequence:D8}.json");
}
