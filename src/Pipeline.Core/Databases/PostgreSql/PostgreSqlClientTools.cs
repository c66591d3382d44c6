using Cake.Core.Diagnostics;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>pg_dump and pg_restore, found the same way, ready to run without a Cake engine.</summary>
public sealed class PostgreSqlClientTools(PgDumpTool dump, PgRestoreTool restore)
{
    public PgDumpTool Dump { get; } = dump;

    public PgRestoreTool Restore { get; } = restore;

    /// <summary>Both tools, looked up the same way.</summary>
    /// <param name="search">Where to look; null: PATH, then /usr/lib/postgresql/&lt;major&gt;/bin.</param>
    /// <param name="log">Where Cake logs the commands it runs; null: nowhere.</param>
    public static PostgreSqlClientTools Create(PostgreSqlToolSearch? search = null, ICakeLog? log = null)
    {
        search ??= PostgreSqlToolSearch.Default;
        var host = CakeToolHost.Create(search.SearchPath, log);
        return new PostgreSqlClientTools(new PgDumpTool(host, search), new PgRestoreTool(host, search));
    }
}
