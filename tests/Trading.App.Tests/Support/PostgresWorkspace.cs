using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Npgsql;
using Pipeline.Core.Databases.PostgreSql;
using Pipeline.Core.Tests.Support;

namespace Trading.App.Tests.Support;

/// <summary>
/// An <see cref="AppWorkspace"/> whose settings point the app at a fresh PostgreSQL database, the way the pipeline
/// writes them: engine "postgresql" and connectionString "env:NAME", with NAME set in this process's environment.
/// Migrations run through the pipeline's own <see cref="PostgreSqlMigrator"/>.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PostgresWorkspace : IDisposable
{
    /// <summary>Part of every connection string handed to the app; trust authentication ignores it, messages must not show it.</summary>
    public const string Password = "pw-never-shown-7731";

    private PostgresWorkspace(PostgreSqlConnectionInfo database)
    {
        Database = database with { Password = Password };
        Variable = $"TRADING_TEST_DB_{Guid.NewGuid():N}".ToUpperInvariant();
        Environment.SetEnvironmentVariable(Variable, ConnectionString);
        Files.WriteSettings(settings => settings["Trading"]!["database"] = new JsonObject
        {
            ["engine"] = "postgresql",
            ["connectionString"] = $"env:{Variable}",
            ["healthQuery"] = "SELECT 1",
            ["commandTimeoutSeconds"] = 30,
        });
    }

    /// <summary>The PostgreSQL migrations the app was built with, as copied to the test output.</summary>
    public static string MigrationsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "migrations", "postgresql");

    /// <summary>The content root and data directory the app runs with.</summary>
    public AppWorkspace Files { get; } = new();

    public PostgreSqlConnectionInfo Database { get; }

    /// <summary>The environment variable holding <see cref="ConnectionString"/>.</summary>
    public string Variable { get; }

    public string ConnectionString => Database.ToConnectionString(pooling: false);

    /// <summary>How the app names the database in messages.</summary>
    public string DisplayName => $"{Database.User}@{Database.Host}:{Database.Port}/{Database.Database}";

    public static async Task<PostgresWorkspace> CreateAsync(PostgresServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new PostgresWorkspace(await server.CreateDatabaseAsync());
    }

    /// <summary>Applies the shipped migrations up to <paramref name="upToVersion"/> (all when null), as a deploy does.</summary>
    public Task MigrateAsync(int? upToVersion = null) =>
        MigrateAsync(Path.Combine(Files.Root, "pg-migrations"), upToVersion, extra: null);

    /// <summary>Applies the shipped migrations plus one more that fails, so its failure is recorded in the history.</summary>
    public async Task MigrateWithFailingMigrationAsync(int version)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => MigrateAsync(
            Path.Combine(Files.Root, "pg-migrations-failing"),
            upToVersion: null,
            extra: ($"{version:D4}_broken.up.sql", "ALTER TABLE orders ADD COLUMN venue no_such_type;")));
        Assert.Contains("failed and was rolled back", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs SQL against the database, e.g. to seed rows or change the history.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(Variable, null);
        Files.Dispose();
    }

    private async Task MigrateAsync(string directory, int? upToVersion, (string Name, string Sql)? extra)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(MigrationsDirectory, "*.sql"))
        {
            var name = Path.GetFileName(file);
            if (upToVersion is null || int.Parse(name[..4], System.Globalization.CultureInfo.InvariantCulture) <= upToVersion)
            {
                File.Copy(file, Path.Combine(directory, name), overwrite: true);
            }
        }

        if (extra is { } migration)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, migration.Name), migration.Sql);
        }

        await new PostgreSqlMigrator(Database, directory, "Trading.App.Tests", AppWorkspace.EnvironmentName).MigrateAsync();
    }
}
