using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Notifications;
using Pipeline.Core.Secrets;

namespace Pipeline.Core.Tests;

public sealed class NotificationSlackTests : IDisposable
{
    private readonly HttpClient http = new();

    [Fact]
    public async Task A_failed_deploy_posts_blocks_with_environment_versions_outcome_and_the_failure()
    {
        using var server = new NotificationWebhookServer();

        await new SlackChannel(http, server.WebhookUrl, "#deploys").SendAsync(NotificationSamples.Failed(), CancellationToken.None);

        var message = JsonNode.Parse(server.SingleBody())!;
        Assert.Equal("#deploys", (string?)message["channel"]);
        Assert.Equal("Deploy of staging failed: 2026.11.21-abc1234 -> 2026.11.22-3f9c2ab", (string?)message["text"]);
        var blocks = message["blocks"]!.AsArray();
        Assert.Equal(["header", "section", "section", "section", "context"], blocks.Select(b => (string?)b!["type"]));
        var fields = blocks[1]!["fields"]!.AsArray().Select(f => (string?)f!["text"]).ToList();
        Assert.Contains("*Environment*\nstaging", fields);
        Assert.Contains("*Version*\n2026.11.21-abc1234 -&gt; 2026.11.22-3f9c2ab", fields);
        Assert.Contains("*Outcome*\nfailed", fields);
        Assert.Contains("*Who*\nalice", fields);
        Assert.Contains("HealthCheck: 45.0s (failed)", (string?)blocks[2]!["text"]!["text"]);
        var failure = (string?)blocks[3]!["text"]!["text"];
        Assert.Contains("*Failed task:* HealthCheck", failure);
        Assert.Contains("health check /health answered 503 three times", failure);
        Assert.Contains("https://ci.example.test/runs/812/artifacts", (string?)blocks[4]!["elements"]![0]!["text"]);
    }

    [Fact]
    public async Task A_successful_deploy_has_no_failure_section()
    {
        using var server = new NotificationWebhookServer();

        await new SlackChannel(http, server.WebhookUrl, channel: null).SendAsync(NotificationSamples.Succeeded(), CancellationToken.None);

        var message = JsonNode.Parse(server.SingleBody())!;
        Assert.Null(message["channel"]);
        var sections = message["blocks"]!.AsArray().Where(b => (string?)b!["type"] == "section").ToList();
        Assert.Equal(2, sections.Count);
        Assert.DoesNotContain("Failed task", server.SingleBody());
    }

    [Fact]
    public async Task An_error_answer_is_reported_with_status_and_body_but_never_the_webhook_url()
    {
        using var server = new NotificationWebhookServer(HttpStatusCode.InternalServerError, "internal_error");
        var notifier = new Notifier([new SlackChannel(http, server.WebhookUrl, channel: null)], new SecretMasker());

        var result = Assert.Single(await notifier.SendAsync(NotificationSamples.Succeeded()));

        Assert.False(result.Sent);
        Assert.Contains("500", result.Error);
        Assert.Contains("internal_error", result.Error);
        Assert.DoesNotContain("XXXXSECRET", result.Error);
        Assert.DoesNotContain(server.WebhookUrl, result.Error);
    }

    [Fact]
    public async Task An_answer_echoing_the_webhook_url_is_redacted()
    {
        using var server = new NotificationWebhookServer(HttpStatusCode.NotFound, $"no hook at {NotificationWebhookServer.RequestUrl}");
        var channel = new SlackChannel(http, server.WebhookUrl, channel: null);

        var error = await Assert.ThrowsAsync<NotificationException>(() => channel.SendAsync(NotificationSamples.Succeeded(), CancellationToken.None));

        Assert.Contains("404", error.Message);
        Assert.Contains("no hook at ****", error.Message);
        Assert.DoesNotContain("XXXXSECRET", error.Message);
    }

    [Fact]
    public async Task A_secret_in_the_failure_reason_is_masked_before_it_is_posted()
    {
        using var server = new NotificationWebhookServer();
        var masker = new SecretMasker();
        masker.Add("pg-pa55word-prod");
        var notifier = new Notifier([new SlackChannel(http, server.WebhookUrl, channel: null)], masker);

        var result = Assert.Single(await notifier.SendAsync(NotificationSamples.Failed("migration failed: Password=pg-pa55word-prod rejected")));

        Assert.True(result.Sent, result.Error);
        Assert.DoesNotContain("pg-pa55word-prod", server.SingleBody());
        Assert.Contains("Password=**** rejected", server.SingleBody());
    }

    [Theory]
    [InlineData($"no hook at {NotificationWebhookServer.RequestPath}")]
    [InlineData($"invalid_token: {NotificationWebhookServer.RequestToken}")]
    [InlineData($$"""{"error":"no_service","path":"{{NotificationWebhookServer.RequestPath}}"}""")]
    public async Task An_endpoint_echoing_the_webhook_path_or_token_puts_neither_in_the_error_nor_the_log(string answer)
    {
        using var server = new NotificationWebhookServer(HttpStatusCode.NotFound, answer);
        var masker = new SecretMasker();
        var secrets = new SecretResolver([new EnvironmentSecretSource(name => name == "SLACK_WEBHOOK" ? server.WebhookUrl : null)], masker);
        var url = secrets.Resolve(new SecretReference(SecretSource.Env, "SLACK_WEBHOOK"), "notifications.slack.webhookUrl");
        var channel = new SlackChannel(http, url, channel: null);

        var thrown = await Assert.ThrowsAsync<NotificationException>(() => channel.SendAsync(NotificationSamples.Succeeded(), CancellationToken.None));
        var reported = Assert.Single(await new Notifier([channel], masker).SendAsync(NotificationSamples.Succeeded()));

        Assert.Equal(2, server.Bodies.Count);
        Assert.Contains("404", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("****", thrown.Message, StringComparison.Ordinal);
        foreach (var text in new[] { thrown.Message, reported.Error!, masker.Apply($"Notification to slack could not be sent: {thrown.Message}") })
        {
            Assert.DoesNotContain("XXXXSECRET", text, StringComparison.Ordinal);
            Assert.DoesNotContain("B000/", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_echoed_token_is_masked_in_any_log_line_once_the_webhook_secret_is_resolved()
    {
        using var server = new NotificationWebhookServer(HttpStatusCode.Forbidden, $"token {NotificationWebhookServer.RequestToken} revoked");
        var masker = new SecretMasker();
        masker.Add(server.WebhookUrl);
        using var response = await http.PostAsync(new Uri(server.WebhookUrl), new StringContent("{}"));
        var echoed = await response.Content.ReadAsStringAsync();

        Assert.Equal("token XXXXSECRET revoked", echoed);
        Assert.Equal("token **** revoked", masker.Apply(echoed));
        Assert.Equal("POST **** 403", masker.Apply($"POST {NotificationWebhookServer.TokenPath} 403"));
    }

    public void Dispose() => http.Dispose();
}
