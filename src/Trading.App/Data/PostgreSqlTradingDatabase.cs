using System.Data.Common;
using Npgsql;
using Trading.App.Settings;

namespace Trading.App.Data;

/// <summary>
/// The app's PostgreSQL database. The pipeline's migrator records every run in pipeline_schema_history
/// (public schema), with outcome 'success' or 'failed'.
/// </summary>
public sealed class PostgreSqlTradingDatabase : TradingDatabase
{
    private readonly string connectionString;

    /// <summary>The database <paramref name="connectionString"/> names; only its user, host, port and database appear in messages.</summary>
    /// <param name="connectionString">An Npgsql connection string; a secret, kept out of every message.</param>
    /// <param name="commandTimeoutSeconds">How long a command may run.</param>
    public PostgreSqlTradingDatabase(string connectionString, int commandTimeoutSeconds = 30)
        : this(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = commandTimeoutSeconds })
    {
    }

    private PostgreSqlTradingDatabase(NpgsqlConnectionStringBuilder builder)
        : base($"{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}", DatabaseEngine.PostgreSql) =>
        connectionString = builder.ConnectionString;

    public override string HistoryTable => "pipeline_schema_history";

    public override AppliedSchema? ReadAppliedSchema()
    {
        using var connection = Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT to_regclass('public.pipeline_schema_history') IS NOT NULL";
        if (!(bool)exists.ExecuteScalar()!)
        {
            return null;
        }

        using var history = connection.CreateCommand();
        history.CommandText = "SELECT version, outcome, name FROM public.pipeline_schema_history ORDER BY version";
        using var reader = history.ExecuteReader();
        var version = 0;
        var floor = 0;
        var failed = new List<int>();
        while (reader.Read())
        {
            var row = reader.GetInt32(0);
            if (reader.GetString(1) == "success")
            {
                version = Math.Max(version, row);
                floor = reader.GetString(2).StartsWith(AppliedSchema.ContractPrefix, StringComparison.Ordinal) ? Math.Max(floor, row) : floor;
            }
            else
            {
                failed.Add(row);
            }
        }

        return new AppliedSchema(version, failed, floor);
    }

    protected override DbConnection CreateConnection() => new NpgsqlConnection(connectionString);

    /// <summary>
    /// The shared lock is held until the write's transaction ends; the pipeline's exclusive one is granted only once no
    /// write holds it, and while it is held or awaited this try fails at once: frozen.
    /// </summary>
    protected override async Task<bool> IsFrozenAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT pg_try_advisory_xact_lock_shared({WriteFreeze.PostgreSqlLockKey})";
            return !(bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }
}
