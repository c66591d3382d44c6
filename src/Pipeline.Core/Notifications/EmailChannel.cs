using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;

namespace Pipeline.Core.Notifications;

/// <summary>Sends the notice as a plain-text mail over SMTP. The password never appears in an error.</summary>
public sealed class EmailChannel(EmailOptions options) : INotificationChannel
{
    private const int MaxLineLength = 998;

    public string Name => "email";

    public async Task SendAsync(DeploymentNotice notice, CancellationToken cancellationToken)
    {
        using var message = Compose(notice);
        using var client = new SmtpClient(options.Host, options.Port)
        {
            EnableSsl = options.UseTls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
        };
        if (options.Username is not null)
        {
            client.Credentials = new NetworkCredential(options.Username, options.Password);
        }

        try
        {
            await client.SendMailAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SmtpException or InvalidOperationException)
        {
            throw new NotificationException($"Mail via {options.Host}:{options.Port} failed: {Redact(ExceptionMessages.Of(ex))}");
        }
    }

    private MailMessage Compose(DeploymentNotice notice)
    {
        var body = string.Join("\r\n", NoticeText.Summary(notice)).ReplaceLineEndings("\r\n") + "\r\n";
        var message = new MailMessage
        {
            From = new MailAddress(options.From),
            Subject = NoticeText.Subject(notice),
            Body = body,
            IsBodyHtml = false,
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = TransferEncodingOf(body),
        };
        foreach (var recipient in options.To)
        {
            message.To.Add(recipient);
        }

        return message;
    }

    // Short ASCII lines travel as they are, readable in the raw message; anything else needs an encoding
    // that survives 7-bit relays and their 998-character line limit.
    private static TransferEncoding TransferEncodingOf(string body) =>
        Ascii.IsValid(body) && body.Split("\r\n").All(line => line.Length <= MaxLineLength)
            ? TransferEncoding.SevenBit
            : TransferEncoding.QuotedPrintable;

    private string Redact(string text) =>
        string.IsNullOrEmpty(options.Password) ? text : text.Replace(options.Password, "****", StringComparison.Ordinal);
}
