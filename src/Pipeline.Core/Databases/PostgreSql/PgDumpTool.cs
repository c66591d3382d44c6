using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>pg_dump as a typed Cake tool.</summary>
public sealed class PgDumpTool(CakeToolHost host, PostgreSqlToolSearch search) : PostgreSqlClientTool<PgDumpSettings>(host, search)
{
    protected override string ExecutableName => "pg_dump";

    /// <summary>The command line for <paramref name="settings"/>; the password is never part of it.</summary>
    public static ProcessArgumentBuilder BuildArguments(PgDumpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Jobs is not null && settings.Format != PgDumpFormat.Directory)
        {
            throw new PostgreSqlException($"pg_dump --jobs={settings.Jobs} needs --format=directory; the format is {FormatName(settings.Format)}.");
        }

        var arguments = new ProcessArgumentBuilder().Append($"--format={FormatName(settings.Format)}");
        if (settings.File is not null)
        {
            arguments.AppendSwitchQuoted("--file", "=", settings.File);
        }

        if (settings.Jobs is not null)
        {
            arguments.Append($"--jobs={settings.Jobs.Value}");
        }

        if (settings.Snapshot is not null)
        {
            arguments.AppendSwitchQuoted("--snapshot", "=", settings.Snapshot);
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

        return arguments;
    }

    /// <summary>Writes the dump; a failure names the database and pg_dump's own reason.</summary>
    public void Dump(PgDumpSettings settings, CancellationToken cancellationToken = default)
    {
        var run = Execute(settings, BuildArguments(settings), cancellationToken);
        if (!run.Succeeded)
        {
            throw new PostgreSqlException($"pg_dump of database {settings.Database} on {settings.Host}:{settings.Port} exited with code {run.ExitCode}: {run.ErrorSummary()}");
        }
    }

    private static string FormatName(PgDumpFormat format) => format switch
    {
        PgDumpFormat.Custom => "custom",
        PgDumpFormat.Directory => "directory",
        PgDumpFormat.Tar => "tar",
        PgDumpFormat.Plain => "plain",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a pg_dump format"),
    };
}
