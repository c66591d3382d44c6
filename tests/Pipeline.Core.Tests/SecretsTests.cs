using System.Runtime.Versioning;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Secrets;

namespace Pipeline.Core.Tests;

public sealed class SecretsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("pipeline-secrets-").FullName;

    [Fact]
    public void A_missing_secret_names_where_to_set_it()
    {
        var resolver = new SecretResolver([new EnvironmentSecretSource(_ => null)], new SecretMasker());

        var error = Assert.Throws<SecretException>(() => resolver.Resolve(new SecretReference(SecretSource.Env, "SLACK_WEBHOOK"), "notifications.slack.webhookUrl"));

        Assert.Equal("notifications.slack.webhookUrl: the secret env:SLACK_WEBHOOK is not set; set the environment variable SLACK_WEBHOOK.", error.Message);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Store_secrets_are_read_from_an_owner_only_file_and_masked()
    {
        var path = Path.Combine(directory, "secrets.json");
        File.WriteAllText(path, """{ "staging/jwt-signing-key": "s1gning-k3y-value" }""");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var masker = new SecretMasker();
        var resolver = new SecretResolver([new FileSecretStore(path)], masker);

        var value = resolver.Resolve(new SecretReference(SecretSource.Store, "staging/jwt-signing-key"), "auth.signingKey");

        Assert.Equal("s1gning-k3y-value", value);
        Assert.Equal("token **** used", masker.Apply("token s1gning-k3y-value used"));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void A_store_readable_by_others_is_refused()
    {
        var path = Path.Combine(directory, "secrets.json");
        File.WriteAllText(path, """{ "a": "value-1234" }""");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = Assert.Throws<SecretException>(() => new FileSecretStore(path).Find("a"));

        Assert.Contains("chmod 600", error.Message);
    }

    [Fact]
    public void The_masker_masks_the_longest_secret_first()
    {
        var masker = new SecretMasker();
        masker.Add("abcd");
        masker.Add("abcdefgh");

        Assert.Equal("x **** y ****", masker.Apply("x abcdefgh y abcd"));
    }

    [Theory]
    [InlineData("env:TRADING_DB", SecretSource.Env, "TRADING_DB")]
    [InlineData("store:production/db-connection", SecretSource.Store, "production/db-connection")]
    public void References_parse(string text, SecretSource source, string name)
    {
        Assert.True(SecretReference.TryParse(text, out var reference));
        Assert.Equal(new SecretReference(source, name), reference);
    }

    [Theory]
    [InlineData("postgres://user:pass@host/db")]
    [InlineData("env:")]
    [InlineData("vault:x")]
    public void Literals_are_not_references(string text) => Assert.False(SecretReference.TryParse(text, out _));

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
