using System.Net.Http.Headers;
using System.Text;

namespace Pipeline.Core.Notifications;

/// <summary>Posts the notice to a Slack incoming webhook. The webhook URL is a secret and never appears in an error.</summary>
public sealed class SlackChannel(HttpClient http, string webhookUrl, string? channel) : INotificationChannel
{
    private const int BodyLimit = 500;

    public string Name => "slack";

    public async Task SendAsync(DeploymentNotice notice, CancellationToken cancellationToken)
    {
        var payload = SlackMessage.Build(notice, channel).ToJsonString();
        using var content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(new Uri(webhookUrl), content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or UriFormatException or InvalidOperationException)
        {
            throw new NotificationException($"Slack webhook request failed: {Redact(ex.Message)}");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new NotificationException($"Slack answered {(int)response.StatusCode} {response.ReasonPhrase}: {Redact(Shorten(body))}");
        }
    }

    private static string Shorten(string body) => body.Length <= BodyLimit ? body : body[..BodyLimit] + "…";

    // The URL carries the webhook's token; a proxy or an error page may echo it back.
    private string Redact(string text) =>
        string.IsNullOrEmpty(webhookUrl) ? text : text.Replace(webhookUrl, "****", StringComparison.Ordinal);
}
