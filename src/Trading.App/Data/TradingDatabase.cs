using System.Data.Common;
using Trading.App.Settings;

namespace Trading.App.Data;

/// <summary>
/// The app's database, whichever engine holds it. Opening never creates it: the pipeline creates and migrates
/// it, and records each migration in <see cref="HistoryTable"/>.
/// </summary>
public abstract class TradingDatabase(string displayName, DatabaseEngine engine)
{
    /// <summary>Names the database in messages; never holds a secret.</summary>
    public string DisplayName { get; } = displayName;

    public DatabaseEngine Engine { get; } = engine;

    /// <summary>The table the pipeline records applied migrations in.</summary>
    public abstract string HistoryTable { get; }

    public DbConnection Open()
    {
        var connection = CreateConnection();
        try
        {
            connection.Open();
            Prepare(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            Prepare(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Begins the transaction of a write on <paramref name="connection"/> and checks, inside it, that writes are not
    /// frozen (<see cref="WriteFreeze"/>); the write must commit the returned transaction.
    /// </summary>
    /// <exception cref="WritesFrozenException">The pipeline has frozen writes; nothing was written.</exception>
    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await IsFrozenAsync(connection, transaction, cancellationToken).ConfigureAwait(false))
            {
                throw new WritesFrozenException();
            }

            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Why there is no database at all (before trying to open it), or null when there may be one.</summary>
    public virtual string? Absence() => null;

    /// <summary>What the pipeline recorded in <see cref="HistoryTable"/>; null when the table does not exist.</summary>
    /// <exception cref="DbException">The database cannot be opened or read.</exception>
    public abstract AppliedSchema? ReadAppliedSchema();

    protected abstract DbConnection CreateConnection();

    /// <summary>Whether writes are frozen, read inside the write's own <paramref name="transaction"/>.</summary>
    protected abstract Task<bool> IsFrozenAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Sets up a connection just opened, before anything uses it; nothing by default.</summary>
    protected virtual void Prepare(DbConnection connection)
    {
    }
}

/// <summary>
/// The migrations recorded as applied: <see cref="Version"/> is the highest successful one (0 when none),
/// <see cref="FailedVersions"/> lists those recorded as failed, which block the app until they are repaired, and
/// <see cref="ContractFloor"/> is the highest applied contract migration (named <c>NNNN_contract_*</c>): no build
/// older than it can run on this schema. Every other migration only expands, so older builds still run.
/// </summary>
public sealed record AppliedSchema(int Version, IReadOnlyList<int> FailedVersions, int ContractFloor = 0)
{
    /// <summary>The prefix of a migration's name that marks it as breaking the builds before it.</summary>
    public const string ContractPrefix = "contract_";
}
