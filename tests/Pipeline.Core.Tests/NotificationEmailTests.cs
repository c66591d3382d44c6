using Pipeline.Core.Hosting;
using Pipeline.Core.Notifications;
using Pipeline.Core.Secrets;

namespace Pipeline.Core.Tests;

public sealed class NotificationEmailTests
{
    private const string Password = "smtp-pa55word-xyz";

    [Fact]
    public async Task A_notice_is_mailed_with_a_plain_and_an_html_part_to_a_real_smtp_server()
    {
        using var server = new SmtpTestServer();
        var options = new EmailOptions("127.0.0.1", server.Port, UseTls: false, "pipeline@example.test", ["ops@example.test", "dev@example.test"], Username: null, Password: null);
        var notifier = new Notifier([new EmailChannel(options)], new SecretMasker());

        var result = Assert.Single(await notifier.SendAsync(NotificationSamples.Succeeded()));
        var printed = server.WaitForMessage();

        Assert.True(result.Sent, result.Error);
        Assert.Contains("Deploy of staging succeeded: 2026.11.21-abc1234 -> 2026.11.22-3f9c2ab", printed);
        Assert.Contains("version:     2026.11.21-abc1234 -> 2026.11.22-3f9c2ab", printed);
        Assert.Contains("To: ops@example.test, dev@example.test", printed);
        Assert.Contains("Content-Type: multipart/alternative", printed);
        Assert.Contains("Content-Type: text/plain; charset=utf-8", printed);
        Assert.Contains("Content-Type: text/html; charset=utf-8", printed);
        Assert.Contains("Content-Transfer-Encoding: 7bit", printed);
        Assert.True(printed.IndexOf("text/plain", StringComparison.Ordinal) < printed.IndexOf("text/html", StringComparison.Ordinal), "the plain part comes first, the richer one last, as RFC 2046 orders alternatives");
        Assert.Contains("<h2 style=\"color:#1a7f37\">Deploy of staging succeeded: 2026.11.21-abc1234 -&gt; 2026.11.22-3f9c2ab</h2>", printed);
        Assert.Contains("<tr><td>Deploy</td><td>2m 50s</td><td>succeeded</td></tr>", printed);
        Assert.Contains("<a href=\"https://ci.example.test/runs/812/artifacts\">The CI run</a>", printed);
    }

    [Fact]
    public void The_html_part_encodes_what_the_notice_says()
    {
        var options = new EmailOptions("127.0.0.1", 25, UseTls: false, "pipeline@example.test", ["ops@example.test"], Username: null, Password: null);

        using var message = new EmailChannel(options).Compose(NotificationSamples.Failed("<script>alert(1)</script> & more"));

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script> & more", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_ascii_body_is_sent_quoted_printable()
    {
        using var server = new SmtpTestServer();
        var options = new EmailOptions("127.0.0.1", server.Port, UseTls: false, "pipeline@example.test", ["ops@example.test"], Username: null, Password: null);

        await new EmailChannel(options).SendAsync(NotificationSamples.Failed("Zürich datacenter unreachable"), CancellationToken.None);
        var printed = server.WaitForMessage();

        Assert.Contains("Content-Transfer-Encoding: quoted-printable", printed);
        Assert.Contains("Z=C3=BCrich datacenter unreachable", printed);
    }

    [Fact]
    public async Task An_unreachable_smtp_server_is_reported_without_the_password()
    {
        var options = new EmailOptions("127.0.0.1", FreePort.Next(), UseTls: false, "pipeline@example.test", ["ops@example.test"], "deployer", Password);
        var notifier = new Notifier([new EmailChannel(options)], new SecretMasker());

        var result = Assert.Single(await notifier.SendAsync(NotificationSamples.Failed()));

        Assert.False(result.Sent);
        Assert.Contains($"127.0.0.1:{options.Port}", result.Error);
        Assert.DoesNotContain(Password, result.Error);
    }

    [Fact]
    public void Options_never_print_the_password() =>
        Assert.DoesNotContain(Password, new EmailOptions("smtp.example.test", 587, UseTls: true, "a@example.test", ["b@example.test"], "deployer", Password).ToString());
}
