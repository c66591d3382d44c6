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

    [Theory]
    [InlineData(0b110_000_100, "604", "readable by all other users")]
    [InlineData(0b110_100_000, "640", "readable by its group")]
    [InlineData(0b110_110_110, "666", "writable by its group and all other users")]
    [InlineData(0b110_110_000, "660", "writable by its group")]
    [InlineData(0b110_000_010, "602", "writable by all other users")]
    [UnsupportedOSPlatform("windows")]
    public void A_store_others_can_read_or_write_is_refused_naming_the_file_its_mode_and_the_fix(int mode, string octal, string who)
    {
        var path = WriteStore((UnixFileMode)mode);

        var error = Assert.Throws<SecretException>(() => new FileSecretStore(path).Find("a"));

        Assert.StartsWith($"{path}: the secret store has mode {octal}, {who}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"expected mode 600 (read and write for its owner only): run chmod 600 {path}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("value-1234", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void A_store_that_belongs_to_another_user_is_refused()
    {
        var path = WriteStore(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var owner = UnixFileOwner.Of(path);
        var someoneElse = owner + 4242;

        var error = Assert.Throws<SecretException>(() => new FileSecretStore(path, () => someoneElse).Find("a"));

        Assert.Equal(
            $"{path}: the secret store (mode 600) belongs to uid {owner}, not to uid {someoneElse} that runs the pipeline, and its owner could change "
            + $"the secrets the pipeline uses; expected a file of your own with mode 600: run chown {someoneElse} {path} && chmod 600 {path}, "
            + "or set PIPELINE_SECRET_STORE to a store of your own.",
            error.Message);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void A_private_store_of_the_current_user_is_read()
    {
        var path = WriteStore(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Equal("value-1234", new FileSecretStore(path).Find("a"));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void The_owner_of_a_file_is_read_from_the_file_system()
    {
        var path = WriteStore(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (UnixFileOwner.CurrentUser() != 0)
        {
            Assert.Equal(UnixFileOwner.CurrentUser(), UnixFileOwner.Of(path));
            return;
        }

        // Only root can give a file away; it proves the owner is read from the file, not assumed.
        using (var chown = System.Diagnostics.Process.Start("chown", ["4242", path]))
        {
            chown.WaitForExit();
            Assert.Equal(0, chown.ExitCode);
        }

        Assert.Equal(4242u, UnixFileOwner.Of(path));
        Assert.Contains("belongs to uid 4242, not to uid 0", Assert.Throws<SecretException>(() => new FileSecretStore(path).Find("a")).Message, StringComparison.Ordinal);
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
    [InlineData("POST /services/T000/B000/XXXXSECRET failed", "POST **** failed")]
    [InlineData("token XXXXSECRET revoked", "token **** revoked")]
    [InlineData("{\"path\":\"\\/services\\/T000\\/B000\\/XXXXSECRET\"}", "{\"path\":\"****\"}")]
    [InlineData("next=%2Fservices%2FT000%2FB000%2FXXXXSECRET", "next=****")]
    [InlineData("see https://hooks.example.test/services/T000/B000/XXXXSECRET?x=1", "see ****")]
    public void A_url_secret_is_masked_wherever_its_path_or_token_appears(string text, string masked)
    {
        var masker = new SecretMasker();
        masker.Add("https://hooks.example.test/services/T000/B000/XXXXSECRET?x=1");

        Assert.Equal(masked, masker.Apply(text));
    }

    [Fact]
    public void The_password_of_a_connection_url_is_masked_on_its_own_but_its_database_name_is_not()
    {
        var masker = new SecretMasker();
        masker.Add("postgres://deployer:pg-pa55word-prod@db.internal:5432/trading");

        Assert.Equal("auth failed for ****", masker.Apply("auth failed for deployer:pg-pa55word-prod"));
        Assert.Equal("password **** rejected", masker.Apply("password pg-pa55word-prod rejected"));
        Assert.Equal("/srv/trading/releases of the trading database", masker.Apply("/srv/trading/releases of the trading database"));
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

    [UnsupportedOSPlatform("windows")]
    private string WriteStore(UnixFileMode mode)
    {
        var path = Path.Combine(directory, "secrets.json");
        File.WriteAllText(path, """{ "a": "value-1234" }""");
        File.SetUnixFileMode(path, mode);
        return path;
    }
}
