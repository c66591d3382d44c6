using System.Globalization;
using System.Net;
using System.Text;

namespace Pipeline.Core.Notifications;

/// <summary>The HTML part of a notice mail: the same facts as the plain summary, as a heading and tables.</summary>
internal static class NoticeHtml
{
    public static string Of(DeploymentNotice notice)
    {
        var colour = notice.Outcome == "succeeded" ? "#1a7f37" : "#cf222e";
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/><title>").Append(Encode(NoticeText.Subject(notice))).Append("</title></head>\n")
            .Append("<body style=\"font-family:system-ui,sans-serif\">\n")
            .Append(CultureInfo.InvariantCulture, $"<h2 style=\"color:{colour}\">{Encode(NoticeText.Subject(notice))}</h2>\n")
            .Append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">\n");
        Row(html, "environment", notice.Environment);
        Row(html, "target", notice.Target);
        Row(html, "version", NoticeText.Versions(notice));
        Row(html, "who", notice.Who);
        Row(html, "outcome", notice.Outcome);
        Row(html, "duration", NoticeText.Duration(notice.Duration));
        Row(html, "at", string.Create(CultureInfo.InvariantCulture, $"{notice.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC"));
        if (NoticeText.HasFailure(notice))
        {
            Row(html, "failed", NoticeText.Failure(notice));
        }

        if (notice.AuditHead is { } head)
        {
            Row(html, "audit", head);
        }

        if (notice.Reconciliation is { } reconciliation)
        {
            Row(html, "reconcile", reconciliation);
        }

        foreach (var (measurement, i) in (notice.Measurements ?? []).Select((m, i) => (m, i)))
        {
            Row(html, i == 0 ? "analysis" : string.Empty, measurement);
        }

        html.Append("</table>\n");
        if (notice.Stages.Count > 0)
        {
            html.Append("<h3>Stages</h3>\n<table cellpadding=\"4\" style=\"border-collapse:collapse\">\n<tr><th align=\"left\">stage</th><th align=\"left\">duration</th><th align=\"left\">outcome</th></tr>\n");
            foreach (var stage in notice.Stages)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(stage.Name)}</td><td>{Encode(NoticeText.Duration(stage.Duration))}</td><td>{Encode(stage.Status)}</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        if (notice.ArtifactsLink is { } link)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{Encode(link)}\">The CI run</a></p>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><th align=\"left\">{Encode(name)}</th><td>{Encode(value)}</td></tr>\n");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
