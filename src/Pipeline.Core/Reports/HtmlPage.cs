using System.Net;
using System.Text;

namespace Pipeline.Core.Reports;

/// <summary>
/// A self-contained HTML page: styles inline, no script, no external resource, so the file reads the same when it is
/// downloaded from CI, mailed or opened with no network.
/// </summary>
internal sealed class HtmlPage
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f24;max-width:72rem}" +
        "table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}" +
        "th{background:#f6f8fa}code{font-family:ui-monospace,monospace;font-size:.9em}" +
        ".succeeded{color:#1a7f37}.failed,.rolledback,.interrupted{color:#cf222e}";

    private readonly StringBuilder body = new();

    public HtmlPage Heading(int level, string text, string? cssClass = null)
    {
        var attribute = cssClass is null ? string.Empty : $" class=\"{cssClass}\"";
        body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<h{level}{attribute}>{Encode(text)}</h{level}>\n");
        return this;
    }

    public HtmlPage Paragraph(string text)
    {
        body.Append("<p>").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Markup the caller made itself (an SVG chart): not encoded.</summary>
    public HtmlPage Raw(string markup)
    {
        body.Append(markup).Append('\n');
        return this;
    }

    public HtmlPage Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        body.Append("<table>");
        if (headers.Count > 0)
        {
            body.Append("<tr>");
            foreach (var header in headers)
            {
                body.Append("<th>").Append(Encode(header)).Append("</th>");
            }

            body.Append("</tr>");
        }

        foreach (var row in rows)
        {
            body.Append("<tr>");
            foreach (var cell in row)
            {
                body.Append("<td>").Append(Encode(cell)).Append("</td>");
            }

            body.Append("</tr>");
        }

        body.Append("</table>\n");
        return this;
    }

    public string Render(string title) =>
        $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{Encode(title)}</title>\n<style>{Style}</style>\n</head>\n<body>\n{body}</body>\n</html>\n";

    public static string Encode(string text) => WebUtility.HtmlEncode(text);
}
