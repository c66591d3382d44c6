using System.Globalization;
using Microsoft.Data.Sqlite;
using Pipeline.Core.Backups;
using Pipeline.Core.State;

namespace Pipeline.Core.Tests;

/// <summary>Restoring a SQLite backup over the live database never hands out an order id a second time.</summary>
public sealed class SqliteRestoreIdTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-restore-ids-").FullName;

    private string Database => Path.Combine(root, "trading.db");

    [Fact]
    public void Ids_issued_after_the_backup_are_not_issued_again_after_restoring_it()
    {
        Execute("CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, symbol TEXT NOT NULL)");
        var beforeBackup = Enumerable.Range(0, 3).Select(_ => Insert("AAPL")).ToList();
        var backups = new SqliteBackupService(new LocalStateStore(Path.Combine(root, "state")));
        var backup = backups.Backup(Database, new BackupContext("development", "tests", null, null, null, "before the deploy"));
        var afterBackup = new[] { Insert("MSFT"), Insert("NVDA") };

        backups.Restore(backup.Id, Database);
        var next = Insert("IBM");

        Assert.Equal([1L, 2L, 3L], beforeBackup);
        Assert.Equal([4L, 5L], afterBackup);
        Assert.Equal(6, next);
        Assert.Equal(4, Count());
    }

    [Fact]
    public void Restoring_into_a_new_file_keeps_the_backups_own_counters()
    {
        Execute("CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, symbol TEXT NOT NULL)");
        Insert("AAPL");
        var backups = new SqliteBackupService(new LocalStateStore(Path.Combine(root, "state")));
        var backup = backups.Backup(Database, new BackupContext("development", "tests", null, null, null, "drill"));
        var scratch = Path.Combine(root, "scratch.db");

        backups.Restore(backup.Id, scratch);

        Assert.Equal(1, SqliteSnapshot.RowCounts(scratch)["orders"]);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private long Insert(string symbol)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO orders (symbol) VALUES ($symbol) RETURNING id";
        command.Parameters.AddWithValue("$symbol", symbol);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private long Count()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM orders";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
