using Pipeline.Core.Configuration;

namespace Pipeline.Core.Tests;

public sealed class ConfigBackupStoreTests : IDisposable
{
    private readonly TempEnvironments environments = new();

    private ConfigBackupStore Store => new(Path.Combine(environments.Root, "backups"), new EnvironmentCatalog(environments.Directory));

    [Fact]
    public void A_restore_puts_the_backed_up_file_back_and_backs_up_the_current_one_first()
    {
        var original = environments.Read("staging");
        var backup = Store.Backup("staging", "test");
        environments.Edit("staging", root => root["server"]!["port"] = 9999);
        var edited = environments.Read("staging");

        var safety = Store.Restore("staging", backup.Id);

        Assert.Equal(original, environments.Read("staging"));
        Assert.Equal(2, Store.List("staging").Count);
        Store.Restore("staging", safety.Id);
        Assert.Equal(edited, environments.Read("staging"));
    }

    [Fact]
    public void A_backup_that_does_not_exist_is_refused_and_nothing_changes()
    {
        var backup = Store.Backup("staging", "test");
        var before = environments.Read("staging");

        var error = Assert.Throws<ConfigurationException>(() => Store.Restore("staging", "20990101-000000-000-deadbeef"));

        Assert.Contains("no backup \"20990101-000000-000-deadbeef\"", error.Message);
        Assert.Contains(backup.Id, error.Message);
        Assert.Equal(before, environments.Read("staging"));
        Assert.Single(Store.List("staging"));
    }

    [Fact]
    public void A_tampered_backup_is_refused_and_nothing_changes()
    {
        var backup = Store.Backup("staging", "test");
        var content = Path.Combine(Store.Root, "staging", backup.Id + ".json");
        File.WriteAllText(content, File.ReadAllText(content).Replace("8080", "8081", StringComparison.Ordinal));
        var before = environments.Read("staging");

        var error = Assert.Throws<ConfigurationException>(() => Store.Restore("staging", backup.Id));

        Assert.Contains("does not verify", error.Message);
        Assert.Equal(before, environments.Read("staging"));
        Assert.Single(Store.List("staging"));
    }

    [Fact]
    public void A_backup_that_does_not_validate_is_refused_and_nothing_changes()
    {
        environments.Edit("staging", root => root["server"]!["port"] = 70000);
        var invalid = Store.Backup("staging", "test");
        environments.Edit("staging", root => root["server"]!["port"] = 8080);
        var before = environments.Read("staging");

        var error = Assert.Throws<ConfigurationException>(() => Store.Restore("staging", invalid.Id));

        Assert.Contains(error.Errors, e => e.JsonPath == "$.server.port" && e.Found == "70000");
        Assert.Equal(before, environments.Read("staging"));
    }

    [Fact]
    public void An_id_that_could_escape_the_backup_directory_is_refused()
    {
        var error = Assert.Throws<ConfigurationException>(() => Store.Restore("staging", "../../etc/passwd"));

        Assert.Contains("not a backup id", error.Message);
    }

    public void Dispose() => environments.Dispose();
}
