using System.Net.Http.Headers;
using System.Text;
using Pipeline.Core.Secrets;

namespace Pipeline.Core.Notifications;

/// <summary>
/// Posts the notice to a Slack incoming webhook. The webhook URL is a secret: neither it nor its path or token
/// appears in an error, even when the endpoint or a proxy echoes them.
/// </summary>
public sealed class SlackChannel(HttpClient http, string webhookUrl, string? channel) : INotificationChannel
{
    private const int BodyLimit = 500;

    private readonly SecretMasker webhook = MaskerFor(webhookUrl);

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
            throw new NotificationException(Redact($"Slack answered {(int)response.StatusCode} {response.ReasonPhrase}: {MaskedAndShortened(body)}"));
        }
    }

    // Masked before it is cut: a cut through a token would leave a prefix that no longer matches it whole.
    private string MaskedAndShortened(string body)
    {
        var masked = Redact(body);
        return masked.Length <= BodyLimit ? masked : masked[..BodyLimit] + "…";
    }

    private string Redact(string text) => webhook.Apply(text);

    private static SecretMasker MaskerFor(string url)
    {
        var masker = new SecretMasker();
        masker.Add(url ?? string.Empty);
        return masker;
    }
}
