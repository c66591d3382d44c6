using System.Data;
using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Core.Databases.Reconciliation;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>
/// PostgreSQL's part of a backup: pg_dump's custom format, checked by reading it back with pg_restore, restored
/// with pg_restore into the live database or a scratch one. A dump's row counts and schema version are read in
/// the very snapshot pg_dump dumps, so the manifest describes exactly what the file holds.
/// </summary>
public sealed partial class PostgreSqlEngine(PostgreSqlConnectionInfo connection, PostgreSqlClientTools tools) : IDatabaseEngine
{
    private static readonly byte[] CustomArchiveMagic = "PGDMP"u8.ToArray();

    public string Name => "postgresql";

    public string DumpFileName => "database.pgdump";

    /// <summary>The live database's server major version, from server_version_num.</summary>
    public async Task<int> ReadServerMajorAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await PostgreSqlSession.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        return PostgreSqlVersion.MajorFromServerVersionNum(await PostgreSqlSession.ScalarAsync(session, "SHOW server_version_num", cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Refuses, before anything is done, a pg_dump older than the live server.</summary>
    public async Task EnsureToolsCanDumpAsync(CancellationToken cancellationToken = default)
    {
        var serverMajor = await ReadServerMajorAsync(cancellationToken).ConfigureAwait(false);
        PostgreSqlVersion.EnsureCanDump(tools.Dump.ReadMajorVersion(DumpSettings(string.Empty), cancellationToken), serverMajor);
    }

    public async Task<DumpFacts> DumpAsync(string localFile, CancellationToken cancellationToken = default)
    {
        await using var session = await PostgreSqlSession.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        var serverVersion = await PostgreSqlSession.ScalarAsync(session, "SHOW server_version", cancellationToken).ConfigureAwait(false);
        var serverMajor = PostgreSqlVersion.MajorFromServerVersionNum(await PostgreSqlSession.ScalarAsync(session, "SHOW server_version_num", cancellationToken).ConfigureAwait(false));
        var settings = DumpSettings(Path.GetFullPath(localFile));
        PostgreSqlVersion.EnsureCanDump(tools.Dump.ReadMajorVersion(settings, cancellationToken), serverMajor);

        // The transaction stays open until pg_dump is done: its exported snapshot lives only as long as it does.
        await using var snapshot = await session.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        settings.Snapshot = await PostgreSqlSession.ScalarAsync(session, "SELECT pg_export_snapshot()", cancellationToken, snapshot).ConfigureAwait(false);
        var schemaVersion = await PostgreSqlSession.SchemaVersionAsync(session, cancellationToken, snapshot).ConfigureAwait(false);
        var tables = await PostgreSqlSession.CountRowsAsync(session, cancellationToken, snapshot).ConfigureAwait(false);
        var highWaterMarks = PostgreSqlAcknowledgedWrites.HighWaterMarks(session, snapshot);
        Directory.CreateDirectory(Path.GetDirectoryName(settings.File!)!);
        try
        {
            await Task.Run(() => tools.Dump.Dump(settings, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(settings.File!);
            throw;
        }

        await snapshot.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DumpFacts
        {
            ServerVersion = serverVersion,
            Database = connection.Database,
            SchemaVersion = schemaVersion,
            Tables = tables,
            HighWaterMarks = highWaterMarks,
        };
    }

    /// <summary>Every problem a full read of the dump finds: its table of contents, then every data block.</summary>
    public async Task<IReadOnlyList<string>> InspectAsync(string localFile, CancellationToken cancellationToken = default)
    {
        var problems = await CheckFormatAsync(localFile, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return problems;
        }

        // --list reads only the table of contents at the front; writing the script to /dev/null reads every data block.
        var read = await Task.Run(() => tools.Restore.Run(new PgRestoreSettings { File = localFile, ScriptFile = "/dev/null" }, cancellationToken), cancellationToken).ConfigureAwait(false);
        return read.Succeeded
            ? []
            : [$"{localFile}: pg_restore cannot read the whole archive (exit code {read.ExitCode}: {read.ErrorSummary()}); the file is truncated or damaged"];
    }

    /// <summary>The cheap check: a custom-format archive whose table of contents reads (pg_restore --list).</summary>
    public async Task<IReadOnlyList<string>> CheckFormatAsync(string localFile, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(localFile))
        {
            return [$"{localFile}: the dump file does not exist"];
        }

        var header = await ReadHeaderAsync(localFile, cancellationToken).ConfigureAwait(false);
        if (!header.AsSpan().StartsWith(CustomArchiveMagic))
        {
            return [$"{localFile}: not a pg_dump custom-format archive (starts with \"{Printable(header)}\", expected \"PGDMP\")"];
        }

        var list = await Task.Run(() => tools.Restore.Run(new PgRestoreSettings { File = localFile, List = true }, cancellationToken), cancellationToken).ConfigureAwait(false);
        return list.Succeeded ? [] : [$"{localFile}: pg_restore --list fails with exit code {list.ExitCode}: {list.ErrorSummary()}"];
    }

    /// <summary>
    /// Restores a dump the catalog has verified: its sha256 equals the one taken from a file that was read whole
    /// when the backup was made, so only the cheap format check runs here before pg_restore --clean starts. The live
    /// database is restored in one transaction, so the app's reads wait for it rather than fail and a failed restore
    /// changes nothing; a scratch one with parallel workers.
    /// </summary>
    public async Task RestoreAsync(string localFile, string? database, CancellationToken cancellationToken = default)
    {
        var target = database is null ? connection : connection.ForDatabase(database);

        var problems = await CheckFormatAsync(localFile, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            throw new PostgreSqlException($"Refusing to restore into database {target.Database}: {string.Join("; ", problems)}. Nothing was changed.");
        }

        var settings = new PgRestoreSettings
        {
            File = Path.GetFullPath(localFile),
            Database = target.Database,
            SingleTransaction = database is null,
            Jobs = database is null || !await IsParallelRestorableAsync(localFile, cancellationToken).ConfigureAwait(false) ? null : Math.Min(4, Environment.ProcessorCount),
        };
        settings.ConnectAs(target);
        await Task.Run(() => tools.Restore.Restore(settings, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, long>> CountAsync(string? database, CancellationToken cancellationToken = default)
    {
        var target = database is null ? connection : connection.ForDatabase(database);
        await using var session = await PostgreSqlSession.OpenAsync(target, cancellationToken).ConfigureAwait(false);
        return await PostgreSqlSession.CountRowsAsync(session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates an empty database on the live server, e.g. to restore a backup into for a check.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        PostgreSqlIdentifier.Validate(name, "database");
        await using var session = await PostgreSqlSession.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        var exists = await PostgreSqlSession.ScalarAsync(session, $"SELECT count(*) FROM pg_database WHERE datname = '{name}'", cancellationToken).ConfigureAwait(false);
        if (exists != "0")
        {
            throw new PostgreSqlException($"database {name} already exists on {connection.Host}:{connection.Port}; choose a new name for a scratch restore.");
        }

        await PostgreSqlSession.ExecuteAsync(session, $"CREATE DATABASE {PostgreSqlIdentifier.Quote(name)}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops a scratch database, disconnecting its sessions; the live database is refused.</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        PostgreSqlIdentifier.Validate(name, "database");
        if (string.Equals(name, connection.Database, StringComparison.Ordinal))
        {
            throw new PostgreSqlException($"Refusing to drop database {name}: it is the live database of this environment; only scratch databases are dropped.");
        }

        await using var session = await PostgreSqlSession.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await PostgreSqlSession.ExecuteAsync(session, $"DROP DATABASE IF EXISTS {PostgreSqlIdentifier.Quote(name)} WITH (FORCE)", cancellationToken).ConfigureAwait(false);
    }

    private PgDumpSettings DumpSettings(string file)
    {
        var settings = new PgDumpSettings { Format = PgDumpFormat.Custom, File = file, Database = connection.Database };
        settings.ConnectAs(connection);
        return settings;
    }

    /// <summary>pg_restore runs workers for custom- and directory-format archives only.</summary>
    private static async Task<bool> IsParallelRestorableAsync(string localFile, CancellationToken cancellationToken) =>
        Directory.Exists(localFile)
        || (File.Exists(localFile) && (await ReadHeaderAsync(localFile, cancellationToken).ConfigureAwait(false)).AsSpan().StartsWith(CustomArchiveMagic));

    private static async Task<byte[]> ReadHeaderAsync(string file, CancellationToken cancellationToken)
    {
        var header = new byte[CustomArchiveMagic.Length];
        await using var stream = File.OpenRead(file);
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return header[..read];
    }

    private static string Printable(byte[] bytes) =>
        new(Encoding.ASCII.GetString(bytes).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '?').ToArray());
}
