using System.Data;
using System.Diagnostics;
using Npgsql;
using Pipeline.Core.Database;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>
/// Applies versioned migrations to PostgreSQL the golang-migrate / Flyway way. One run at a time: a session
/// advisory lock is held on its own connection for the whole run, so a second runner waits and then finds the
/// work done. The history is validated against the files before anything runs. Each migration commits together
/// with its history row; a failure is rolled back, recorded as failed, and blocks every later run until it is
/// repaired on purpose.
/// </summary>
public sealed class PostgreSqlMigrator(
    PostgreSqlConnectionInfo connection,
    string migrationsDirectory,
    string appliedBy,
    string environment,
    Action<string>? progress = null)
{
    /// <summary>"PIPELINE" in ASCII. Advisory locks are scoped to their database, so one fixed key serves every environment.</summary>
    public const long LockKey = 0x5049_5045_4C49_4E45;

    /// <summary>Applies every pending migration in order; returns what was applied (nothing when another runner did it).</summary>
    public async Task<IReadOnlyList<SchemaHistoryEntry>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var runLock = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
        await using var session = await PostgreSqlSession.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await PostgreSqlSession.ExecuteAsync(session, SchemaHistory.Create, cancellationToken).ConfigureAwait(false);
        var plan = await PlanAsync(session, cancellationToken).ConfigureAwait(false);
        ThrowIfProblems(plan);
        if (plan.Pending.Count == 0)
        {
            progress?.Invoke($"Schema is up to date at version {plan.CurrentVersion:D4}; nothing to apply");
        }

        var applied = new List<SchemaHistoryEntry>();
        foreach (var migration in plan.Pending)
        {
            applied.Add(await ApplyAsync(session, migration, cancellationToken).ConfigureAwait(false));
        }

        return applied;
    }

    /// <summary>What a run would apply now, after the same checks a run makes; for dry runs.</summary>
    public async Task<IReadOnlyList<MigrationFile>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await PostgreSqlSession.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        var plan = await PlanAsync(session, cancellationToken).ConfigureAwait(false);
        ThrowIfProblems(plan);
        return plan.Pending;
    }

    /// <summary>The history, what is pending and what blocks a run, without changing anything or throwing for it.</summary>
    public async Task<MigrationStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await PostgreSqlSession.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        return await PlanAsync(session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the failed history row of <paramref name="version"/> so runs may proceed; anything else is refused.</summary>
    public async Task RepairAsync(int version, CancellationToken cancellationToken = default)
    {
        await using var runLock = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
        await using var session = await PostgreSqlSession.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        var history = await ReadHistoryAsync(session, cancellationToken).ConfigureAwait(false);
        var row = history.FirstOrDefault(h => h.Version == version);
        if (row is null || !row.Failed)
        {
            var failed = history.Where(h => h.Failed).Select(h => h.FileStem).ToList();
            throw new MigrationException(
                $"{SchemaHistory.Table}: migration {version:D4} is {(row is null ? "not recorded" : "applied successfully")}, not failed; repair only clears a failed migration. "
                + $"Failed now: {(failed.Count > 0 ? string.Join(", ", failed) : "none")}.");
        }

        await using var delete = new NpgsqlCommand($"DELETE FROM public.{SchemaHistory.Table} WHERE version = $1 AND outcome = '{SchemaHistory.Failed}'", session);
        delete.Parameters.AddWithValue(version);
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        progress?.Invoke($"Cleared failed migration {row.FileStem}; the next run applies it again");
    }

    /// <summary>
    /// Reverts every applied migration above <paramref name="targetVersion"/>, newest first, each with its history
    /// row in one transaction. Refused before any runs when one of them has no down file.
    /// </summary>
    public async Task<IReadOnlyList<MigrationFile>> DownAsync(int targetVersion, CancellationToken cancellationToken = default)
    {
        if (targetVersion < 0)
        {
            throw new MigrationException($"Target version {targetVersion} is not a version; expected 0 (nothing applied) or higher.");
        }

        await using var runLock = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
        await using var session = await PostgreSqlSession.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        var plan = await PlanAsync(session, cancellationToken).ConfigureAwait(false);
        ThrowIfProblems(plan);
        var files = MigrationFile.ReadAll(migrationsDirectory).ToDictionary(f => f.Version);
        var doomed = plan.History.Where(h => h.Version > targetVersion).OrderByDescending(h => h.Version).Select(h => files[h.Version]).ToList();
        var missing = doomed.Where(f => f.DownPath is null).ToList();
        if (missing.Count > 0)
        {
            throw new MigrationException(
                $"Cannot revert to version {targetVersion:D4}: no down file for {string.Join(", ", missing.Select(f => Path.Combine(migrationsDirectory, $"{f.Version:D4}_{f.Name}.down.sql")))}. Nothing was reverted.");
        }

        foreach (var migration in doomed)
        {
            await RevertAsync(session, migration, cancellationToken).ConfigureAwait(false);
        }

        return doomed;
    }

    private async Task<SchemaHistoryEntry> ApplyAsync(NpgsqlConnection session, MigrationFile migration, CancellationToken cancellationToken)
    {
        var stem = $"{migration.Version:D4}_{migration.Name}";
        var sql = await File.ReadAllTextAsync(migration.UpPath, cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        await using (var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await PostgreSqlSession.ExecuteAsync(session, sql, cancellationToken, transaction).ConfigureAwait(false);
                var row = Entry(migration, watch.ElapsedMilliseconds, SchemaHistory.Success, null);
                await InsertAsync(session, transaction, row, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                progress?.Invoke($"Applied {stem} in {row.DurationMs} ms");
                return row;
            }
            catch (PostgresException ex)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                var error = $"{ex.SqlState}: {ex.MessageText}{(ex.Position > 0 ? $" (at character {ex.Position})" : string.Empty)}";
                await RecordFailureAsync(session, Entry(migration, watch.ElapsedMilliseconds, SchemaHistory.Failed, error), cancellationToken).ConfigureAwait(false);
                progress?.Invoke($"Failed {stem} after {watch.ElapsedMilliseconds} ms: {error}");
                throw new MigrationException(
                    $"{migration.UpPath}: migration {migration.Version:D4} failed and was rolled back; the schema is still at its previous version. PostgreSQL said {error}. "
                    + $"It is recorded as failed and blocks further runs: fix the file, then clear it with {RepairCommand(migration.Version)}",
                    ex);
            }
        }
    }

    private async Task RevertAsync(NpgsqlConnection session, MigrationFile migration, CancellationToken cancellationToken)
    {
        var stem = $"{migration.Version:D4}_{migration.Name}";
        var sql = await File.ReadAllTextAsync(migration.DownPath!, cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        await using var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PostgreSqlSession.ExecuteAsync(session, sql, cancellationToken, transaction).ConfigureAwait(false);
            await using var delete = new NpgsqlCommand($"DELETE FROM public.{SchemaHistory.Table} WHERE version = $1", session, transaction);
            delete.Parameters.AddWithValue(migration.Version);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            throw new MigrationException(
                $"{migration.DownPath}: reverting migration {migration.Version:D4} failed and was rolled back; the schema is at version {migration.Version:D4}. PostgreSQL said {ex.SqlState}: {ex.MessageText}.",
                ex);
        }

        progress?.Invoke($"Reverted {stem} in {watch.ElapsedMilliseconds} ms");
    }

    /// <summary>The failure is written after the rollback, in a transaction of its own, so it survives.</summary>
    private static async Task RecordFailureAsync(NpgsqlConnection session, SchemaHistoryEntry row, CancellationToken cancellationToken)
    {
        await using var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await InsertAsync(session, transaction, row, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task InsertAsync(NpgsqlConnection session, NpgsqlTransaction transaction, SchemaHistoryEntry row, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO public.{SchemaHistory.Table} (version, name, checksum, applied_by, applied_at, duration_ms, outcome, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            session,
            transaction);
        insert.Parameters.AddWithValue(row.Version);
        insert.Parameters.AddWithValue(row.Name);
        insert.Parameters.AddWithValue(row.Checksum);
        insert.Parameters.AddWithValue(row.AppliedBy);
        insert.Parameters.AddWithValue(row.AppliedAt);
        insert.Parameters.AddWithValue(row.DurationMs);
        insert.Parameters.AddWithValue(row.Outcome);
        insert.Parameters.AddWithValue((object?)row.Error ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private SchemaHistoryEntry Entry(MigrationFile migration, long durationMs, string outcome, string? error) =>
        new(migration.Version, migration.Name, migration.Checksum, appliedBy, DateTimeOffset.UtcNow, durationMs, outcome, error);

    private async Task<MigrationStatus> PlanAsync(NpgsqlConnection session, CancellationToken cancellationToken)
    {
        var files = MigrationFile.ReadAll(migrationsDirectory);
        var history = await ReadHistoryAsync(session, cancellationToken).ConfigureAwait(false);
        var applied = history.Where(h => !h.Failed).ToList();
        var current = applied.Count > 0 ? applied.Max(a => a.Version) : 0;
        var appliedVersions = applied.Select(a => a.Version).ToHashSet();
        var pending = files.Where(f => !appliedVersions.Contains(f.Version)).ToList();
        return new MigrationStatus(current, history, pending, Validate(files, history, current));
    }

    private List<string> Validate(IReadOnlyList<MigrationFile> files, IReadOnlyList<SchemaHistoryEntry> history, int current)
    {
        var problems = new List<string>();
        foreach (var failed in history.Where(h => h.Failed))
        {
            problems.Add(
                $"migration {failed.FileStem} failed on {failed.AppliedAt:u} ({failed.Error}) and is recorded as failed in {SchemaHistory.Table}; "
                + $"nothing runs until it is fixed and cleared with {RepairCommand(failed.Version)}");
        }

        var byVersion = files.ToDictionary(f => f.Version);
        foreach (var row in history.Where(h => !h.Failed))
        {
            if (!byVersion.TryGetValue(row.Version, out var file))
            {
                problems.Add(
                    $"{Path.Combine(migrationsDirectory, $"{row.FileStem}.up.sql")}: applied migration {row.Version:D4} is missing from the migrations (recorded in {SchemaHistory.Table}, no file found); the database is newer than this release");
            }
            else if (file.Checksum != row.Checksum)
            {
                problems.Add(
                    $"{file.UpPath}: applied migration {row.Version:D4} has changed since it ran (checksum {row.Checksum[..12]}... recorded, {file.Checksum[..12]}... now); applied migrations are immutable, restore the file and add a new migration instead");
            }
        }

        var appliedVersions = history.Where(h => !h.Failed).Select(h => h.Version).ToHashSet();
        foreach (var skipped in files.Where(f => f.Version < current && !appliedVersions.Contains(f.Version)))
        {
            problems.Add(
                $"{skipped.UpPath}: migration {skipped.Version:D4} is pending but numbered below the applied version {current:D4}; it was never applied, renumber it above {current:D4}");
        }

        return problems;
    }

    private static void ThrowIfProblems(MigrationStatus plan)
    {
        if (plan.Problems.Count > 0)
        {
            throw new MigrationException($"Refusing to migrate; nothing was run: {string.Join("; ", plan.Problems)}.");
        }
    }

    private static async Task<IReadOnlyList<SchemaHistoryEntry>> ReadHistoryAsync(NpgsqlConnection session, CancellationToken cancellationToken)
    {
        var exists = await PostgreSqlSession.ScalarAsync(session, $"SELECT to_regclass('public.{SchemaHistory.Table}') IS NOT NULL", cancellationToken).ConfigureAwait(false);
        if (!bool.Parse(exists))
        {
            return [];
        }

        await using var command = new NpgsqlCommand(
            $"SELECT version, name, checksum, applied_by, applied_at, duration_ms, outcome, error FROM public.{SchemaHistory.Table} ORDER BY version",
            session);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<SchemaHistoryEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new SchemaHistoryEntry(
                reader.GetInt32(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetInt64(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return rows;
    }

    /// <summary>Takes the advisory lock on a connection of its own, waiting (and saying so) while another run holds it.</summary>
    private async Task<NpgsqlConnection> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var lockSession = await PostgreSqlSession.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            var taken = await PostgreSqlSession.ScalarAsync(lockSession, $"SELECT pg_try_advisory_lock({LockKey})", cancellationToken).ConfigureAwait(false);
            if (!bool.Parse(taken))
            {
                progress?.Invoke($"Waiting for another migration run on {connection.Database} to finish (advisory lock {LockKey})");
                await PostgreSqlSession.ExecuteAsync(lockSession, $"SELECT pg_advisory_lock({LockKey})", cancellationToken).ConfigureAwait(false);
            }

            // The lock is a session lock: closing this unpooled connection releases it, also when the run fails.
            return lockSession;
        }
        catch
        {
            await lockSession.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private string RepairCommand(int version) => $"./build.sh --target=MigrationRepair --env={environment} --migration={version}";
}
