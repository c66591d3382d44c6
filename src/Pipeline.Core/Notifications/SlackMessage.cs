using System.Text.Json.Nodes;

namespace Pipeline.Core.Notifications;

/// <summary>The incoming-webhook payload for a notice: Block Kit blocks plus a plain-text fallback.</summary>
internal static class SlackMessage
{
    // Slack rejects a section text over 3000 characters and a header over 150.
    private const int SectionLimit = 2900;
    private const int HeaderLimit = 150;

    public static JsonObject Build(DeploymentNotice notice, string? channel)
    {
        var blocks = new JsonArray
        {
            Header(notice),
            Fields(notice),
        };
        if (notice.Stages.Count > 0)
        {
            blocks.Add(Section("*Stages*\n" + string.Join('\n', notice.Stages.Select(stage => "• " + Escape(NoticeText.Stage(stage))))));
        }

        if (NoticeText.HasFailure(notice))
        {
            blocks.Add(Failure(notice));
        }

        if (notice.ArtifactsLink is { } link)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray { Markdown("CI run: " + Escape(link)) },
            });
        }

        if (notice.AuditHead is { } head)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray { Markdown("Audit: " + Escape(head)) },
            });
        }

        if (notice.Reconciliation is { } reconciliation)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray { Markdown("Reconcile: " + Escape(reconciliation)) },
            });
        }

        if (notice.Measurements is { Count: > 0 } measurements)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray { Markdown(Truncate("Analysis:\n" + string.Join("\n", measurements.Select(Escape)), SectionLimit)) },
            });
        }

        var message = new JsonObject
        {
            ["text"] = NoticeText.Subject(notice),
            ["blocks"] = blocks,
        };
        if (channel is not null)
        {
            message["channel"] = channel;
        }

        return message;
    }

    private static JsonObject Header(DeploymentNotice notice) => new()
    {
        ["type"] = "header",
        ["text"] = new JsonObject
        {
            ["type"] = "plain_text",
            ["text"] = Truncate($"{notice.Target} on {notice.Environment}: deploy {notice.Outcome}", HeaderLimit),
        },
    };

    private static JsonObject Fields(DeploymentNotice notice) => new()
    {
        ["type"] = "section",
        ["fields"] = new JsonArray
        {
            Field("Environment", notice.Environment),
            Field("Version", NoticeText.Versions(notice)),
            Field("Who", notice.Who),
            Field("Outcome", notice.Outcome),
            Field("Duration", NoticeText.Duration(notice.Duration)),
        },
    };

    private static JsonObject Failure(DeploymentNotice notice)
    {
        var title = notice.FailedTask is { } task ? $"*Failed task:* {Escape(task)}" : "*Failure*";
        var reason = notice.FailureReason is { } text ? $"\n```{Escape(text)}```" : "";
        return Section(title + reason);
    }

    private static JsonObject Field(string label, string value) => Markdown($"*{label}*\n{Escape(value)}");

    private static JsonObject Section(string markdown) => new()
    {
        ["type"] = "section",
        ["text"] = Markdown(Truncate(markdown, SectionLimit)),
    };

    private static JsonObject Markdown(string text) => new()
    {
        ["type"] = "mrkdwn",
        ["text"] = text,
    };

    // Slack's mrkdwn treats &, < and > as control characters.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Truncate(string text, int limit) => text.Length <= limit ? text : string.Concat(text.AsSpan(0, limit - 1), "…");
}
