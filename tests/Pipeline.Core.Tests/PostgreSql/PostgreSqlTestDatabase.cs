using System.Globalization;
using Npgsql;
using Pipeline.Core.Databases.PostgreSql;

namespace Pipeline.Core.Tests.PostgreSql;

/// <summary>Small SQL helpers for tests against one database.</summary>
internal static class PostgreSqlTestDatabase
{
    public static string TradingMigrations
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                directory = directory.Parent;
            }

            return directory is null
                ? throw new InvalidOperationException("Pipeline.sln not found above the test output.")
                : Path.Combine(directory.FullName, "db", "postgresql", "migrations");
        }
    }

    public static async Task ExecuteAsync(PostgreSqlConnectionInfo database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ToConnectionString(pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<string> ScalarAsync(PostgreSqlConnectionInfo database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ToConnectionString(pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    public static async Task<bool> TableExistsAsync(PostgreSqlConnectionInfo database, string table) =>
        await ScalarAsync(database, $"SELECT to_regclass('public.{table}') IS NOT NULL") == "True";

    /// <summary>Every row of <paramref name="table"/> as text, in a stable order: equal content gives equal strings.</summary>
    public static Task<string> ContentAsync(PostgreSqlConnectionInfo database, string table) =>
        ScalarAsync(database, $"SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM {table} t");
}
