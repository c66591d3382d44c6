using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>pg_restore as a typed Cake tool.</summary>
public sealed class PgRestoreTool(CakeToolHost host, PostgreSqlToolSearch search) : PostgreSqlClientTool<PgRestoreSettings>(host, search)
{
    protected override string ExecutableName => "pg_restore";

    /// <summary>The command line for <paramref name="settings"/>; the password is never part of it.</summary>
    public static ProcessArgumentBuilder BuildArguments(PgRestoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.File is null)
        {
            throw new PostgreSqlException("pg_restore needs an archive to read; PgRestoreSettings.File is not set.");
        }

        var arguments = new ProcessArgumentBuilder();
        if (settings.List)
        {
            return arguments.Append("--list").AppendQuoted(settings.File);
        }

        if (settings.ScriptFile is not null)
        {
            return arguments.AppendSwitchQuoted("--file", "=", settings.ScriptFile).AppendQuoted(settings.File);
        }

        if (settings.Clean)
        {
            arguments.Append("--clean").Append("--if-exists");
        }

        if (settings.NoOwner)
        {
            arguments.Append("--no-owner");
        }

        if (settings.ExitOnError)
        {
            arguments.Append("--exit-on-error");
        }

        if (settings.SingleTransaction)
        {
            arguments.Append("--single-transaction");
        }

        if (settings.Jobs is not null)
        {
            arguments.Append($"--jobs={settings.Jobs.Value}");
        }

        settings.AppendConnection(arguments);
        foreach (var extra in settings.ExtraArguments)
        {
            arguments.Append(extra);
        }

        if (settings.Database is not null)
        {
            arguments.AppendSwitchQuoted("--dbname", "=", settings.Database);
        }

        return arguments.AppendQuoted(settings.File);
    }

    /// <summary>Restores, lists or reads the archive as <paramref name="settings"/> say; the caller judges the exit code.</summary>
    public ToolRun Run(PgRestoreSettings settings, CancellationToken cancellationToken = default) =>
        Execute(settings, BuildArguments(settings), cancellationToken);

    /// <summary>Restores the archive; a failure names the archive, the database and pg_restore's own reason.</summary>
    public void Restore(PgRestoreSettings settings, CancellationToken cancellationToken = default)
    {
        var run = Run(settings, cancellationToken);
        if (!run.Succeeded)
        {
            throw new PostgreSqlException(
                $"pg_restore of {settings.File} into database {settings.Database} on {settings.Host}:{settings.Port} exited with code {run.ExitCode}: {run.ErrorSummary()}");
        }
    }
}
