using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Pipeline.Core.Notifications;

/// <summary>
/// Sends the notice over SMTP with MailKit as one mail of two alternatives, plain text and HTML, so a client shows
/// whichever it can. The password never appears in an error.
/// </summary>
public sealed class EmailChannel(EmailOptions options) : INotificationChannel
{
    private const int MaxLineLength = 998;

    public string Name => "email";

    public async Task SendAsync(DeploymentNotice notice, CancellationToken cancellationToken)
    {
        using var message = Compose(notice);
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(options.Host, options.Port, options.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
            if (options.Username is not null)
            {
                await client.AuthenticateAsync(options.Username, options.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new NotificationException($"Mail via {options.Host}:{options.Port} failed: {Redact(ExceptionMessages.Of(ex))}");
        }
    }

    /// <summary>The mail as it is sent: multipart/alternative with a text/plain and a text/html part.</summary>
    public MimeMessage Compose(DeploymentNotice notice)
    {
        var text = string.Join("\r\n", NoticeText.Summary(notice)).ReplaceLineEndings("\r\n") + "\r\n";
        var message = new MimeMessage { Subject = NoticeText.Subject(notice) };
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var recipient in options.To)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Body = new MultipartAlternative
        {
            Part(text, "plain"),
            Part(NoticeHtml.Of(notice).ReplaceLineEndings("\r\n"), "html"),
        };
        return message;
    }

    // Short ASCII lines travel as they are, readable in the raw message; anything else needs an encoding
    // that survives 7-bit relays and their 998-character line limit.
    private static TextPart Part(string body, string subtype)
    {
        var part = new TextPart(subtype) { ContentTransferEncoding = EncodingOf(body) };
        part.SetText(Encoding.UTF8, body);
        return part;
    }

    private static ContentEncoding EncodingOf(string body) =>
        Ascii.IsValid(body) && body.Split("\r\n").All(line => line.Length <= MaxLineLength)
            ? ContentEncoding.SevenBit
            : ContentEncoding.QuotedPrintable;

    private string Redact(string text) =>
        string.IsNullOrEmpty(options.Password) ? text : text.Replace(options.Password, "****", StringComparison.Ordinal);
}
