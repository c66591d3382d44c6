using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Trading.App.Tests.Support;

/// <summary>
/// A temporary content root (with appsettings.json) and data directory for one test, and a database
/// migrated the way the pipeline does it: the .up.sql files in order, recorded in schema_migrations.
/// </summary>
public sealed partial class AppWorkspace : IDisposable
{
    public const string EnvironmentName = "integration";
    public const string DatabaseFileName = "trading.db";

    public AppWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("trading-app-tests-").FullName;
        ContentRoot = Directory.CreateDirectory(Path.Combine(Root, "app")).FullName;
        DataDirectory = Directory.CreateDirectory(Path.Combine(Root, "data")).FullName;
        WriteSettings(settings => { });
    }

    /// <summary>The migrations the app was built with, as copied to the test output.</summary>
    public static string MigrationsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "migrations");

    /// <summary>The highest migration version shipped with the app.</summary>
    public static int LatestVersion => Migrations().Max(m => m.Version);

    public string Root { get; }

    public string ContentRoot { get; }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, DatabaseFileName);

    /// <summary>Writes appsettings.json in the shape ConfigGenerate produces; <paramref name="edit"/> may change it.</summary>
    public void WriteSettings(Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var settings = new JsonObject
        {
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
            ["Trading"] = new JsonObject
            {
                ["name"] = EnvironmentName,
                ["database"] = new JsonObject { ["engine"] = "sqlite", ["path"] = DatabaseFileName, ["commandTimeoutSeconds"] = 30 },
                ["logging"] = new JsonObject { ["level"] = "warning", ["format"] = "text" },
                ["featureFlags"] = new JsonObject { ["shortSelling"] = true },
            },
        };
        edit(settings);
        File.WriteAllText(Path.Combine(ContentRoot, "appsettings.json"), settings.ToJsonString());
    }

    /// <summary>How the in-process tests host the app: with no shutdown drain unless <paramref name="shutdownDrain"/> says so, since they stop it once each.</summary>
    public TradingHostOptions HostOptions(TimeProvider? clock = null, TimeSpan? shutdownDrain = null) => new()
    {
        ShutdownDrain = shutdownDrain ?? TimeSpan.Zero,
        ContentRoot = ContentRoot,
        WebRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        DataDirectory = DataDirectory,
        TimeProvider = clock ?? TimeProvider.System,
    };

    /// <summary>
    /// Creates the database and applies the app's migrations up to <paramref name="upToVersion"/> (all when
    /// null) in one transaction, recording each in schema_migrations.
    /// </summary>
    public void Migrate(int? upToVersion = null)
    {
        using var connection = Open(SqliteOpenMode.ReadWriteCreate);
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, """
            CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL, applied_by TEXT NOT NULL, duration_ms INTEGER NOT NULL)
            """);
        foreach (var migration in Migrations().Where(m => upToVersion is null || m.Version <= upToVersion))
        {
            var watch = Stopwatch.StartNew();
            Execute(connection, transaction, File.ReadAllText(migration.Path));
            RecordMigration(connection, transaction, migration.Version, migration.Name, migration.Checksum, watch.ElapsedMilliseconds);
        }

        transaction.Commit();
    }

    /// <summary>Records a migration this build does not have, as a newer release would have.</summary>
    public void RecordFutureMigration(int version, string name = "from_a_newer_release")
    {
        using var connection = Open(SqliteOpenMode.ReadWrite);
        RecordMigration(connection, null, version, name, new string('0', 64), 0);
    }

    /// <summary>Runs SQL against the database, e.g. to seed rows.</summary>
    public void Execute(string sql)
    {
        using var connection = Open(SqliteOpenMode.ReadWrite);
        Execute(connection, null, sql);
    }

    /// <summary>
    /// A connection inside a read transaction that has read the orders table, as a slow reader would be; it
    /// holds its read lock until disposed.
    /// </summary>
    public IDisposable BeginReadTransaction()
    {
        var connection = Open(SqliteOpenMode.ReadOnly);
        try
        {
            var transaction = connection.BeginTransaction(deferred: true);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT count(*) FROM orders";
            command.ExecuteScalar();
            return new ReadTransaction(connection, transaction);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The id of every order in the database, read directly rather than through the app.</summary>
    public IReadOnlySet<long> OrderIds()
    {
        using var connection = Open(SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM orders";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static List<ShippedMigration> Migrations()
    {
        var migrations = new List<ShippedMigration>();
        foreach (var path in Directory.GetFiles(MigrationsDirectory, "*.up.sql"))
        {
            var match = MigrationName().Match(Path.GetFileName(path));
            Assert.True(match.Success, $"{path} is not named NNNN_name.up.sql");
            migrations.Add(new ShippedMigration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                path,
                Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))));
        }

        return [.. migrations.OrderBy(m => m.Version)];
    }

    private SqliteConnection Open(SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void RecordMigration(SqliteConnection connection, SqliteTransaction? transaction, int version, string name, string checksum, long durationMs)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO schema_migrations (version, name, checksum, applied_at, applied_by, duration_ms) VALUES ($version, $name, $checksum, $appliedAt, $appliedBy, $durationMs)";
        command.Parameters.AddWithValue("$version", version);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$checksum", checksum);
        command.Parameters.AddWithValue("$appliedAt", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$appliedBy", "Trading.App.Tests");
        command.Parameters.AddWithValue("$durationMs", durationMs);
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class ReadTransaction(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
    {
        public void Dispose()
        {
            transaction.Dispose();
            connection.Dispose();
        }
    }

    private sealed record ShippedMigration(int Version, string Name, string Path, string Checksum);

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.up\.sql$")]
    private static partial Regex MigrationName();
}
