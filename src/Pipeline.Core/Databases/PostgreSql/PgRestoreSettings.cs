namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>Settings for <see cref="PgRestoreTool"/>.</summary>
public sealed class PgRestoreSettings : PostgreSqlToolSettings
{
    /// <summary>The archive to read.</summary>
    public string? File { get; set; }

    /// <summary>The database to restore into (--dbname).</summary>
    public string? Database { get; set; }

    /// <summary>Only print the archive's table of contents (--list); nothing is restored and no server is needed.</summary>
    public bool List { get; set; }

    /// <summary>Write the restore script here instead of restoring (--file); with /dev/null it reads every byte of the archive.</summary>
    public string? ScriptFile { get; set; }

    /// <summary>Drop each object before recreating it (--clean), without failing on objects that do not exist (--if-exists).</summary>
    public bool Clean { get; set; } = true;

    /// <summary>Leave ownership to the restoring user (--no-owner): the dump's owners need not exist here.</summary>
    public bool NoOwner { get; set; } = true;

    /// <summary>Stop at the first error (--exit-on-error) rather than restore what it can and report at the end.</summary>
    public bool ExitOnError { get; set; } = true;

    /// <summary>
    /// Restore in one transaction (--single-transaction): a failure leaves the database as it was, and sessions reading a
    /// table wait for the commit instead of finding it dropped. Excludes <see cref="Jobs"/>.
    /// </summary>
    public bool SingleTransaction { get; set; }

    /// <summary>Parallel restore workers (--jobs); only for custom- and directory-format archives.</summary>
    public int? Jobs { get; set; }

    /// <summary>Further arguments, appended as given.</summary>
    public IList<string> ExtraArguments { get; } = [];
}
