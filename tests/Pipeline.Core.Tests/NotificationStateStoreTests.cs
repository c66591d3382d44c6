using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Core.Notifications;
using Pipeline.Core.State;

namespace Pipeline.Core.Tests;

public sealed class NotificationStateStoreTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("pipeline-notifications-").FullName;

    [Fact]
    public async Task A_notice_is_kept_as_readable_json_under_a_time_target_and_outcome_key()
    {
        var store = new LocalStateStore(directory);
        var notice = NotificationSamples.Failed() with { Outcome = "rolled back" };

        await new StateStoreChannel(store).SendAsync(notice, CancellationToken.None);

        var key = Assert.Single(store.List("notifications/"));
        Assert.Equal("notifications/20261122T143005123Z-web-rolled-back.json", key);
        var text = Encoding.UTF8.GetString(store.Read(key)!);
        Assert.Contains("\n  \"environment\": \"staging\",\n", text);
        var record = JsonNode.Parse(text)!;
        Assert.Equal("rolled back", (string?)record["outcome"]);
        Assert.Equal("2026.11.22-3f9c2ab", (string?)record["toVersion"]);
        Assert.Equal("HealthCheck", (string?)record["failedTask"]);
        Assert.Equal("00:00:45", (string?)record["stages"]![1]!["duration"]);
    }

    [Fact]
    public async Task A_kept_notice_reads_back_as_a_notice()
    {
        var store = new LocalStateStore(directory);
        var notice = NotificationSamples.Failed();

        await new StateStoreChannel(store).SendAsync(notice, CancellationToken.None);

        var read = store.Get<DeploymentNotice>(StateStoreChannel.KeyOf(notice))!;
        Assert.Equal(notice with { Stages = read.Stages }, read);
        Assert.Equal(notice.Stages, read.Stages);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
