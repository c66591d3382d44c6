using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>
/// What every PostgreSQL client tool needs to reach a server. The password is never an argument (anyone can read
/// a command line from /proc); it goes to the tool in PGPASSWORD.
/// </summary>
public abstract class PostgreSqlToolSettings : ToolSettings
{
    public const string PasswordVariable = "PGPASSWORD";

    public string? Host { get; set; }

    public int? Port { get; set; }

    public string? User { get; set; }

    /// <summary>Sets host, port, user and the password (in PGPASSWORD) from <paramref name="connection"/>; the database is the caller's choice.</summary>
    public void ConnectAs(PostgreSqlConnectionInfo connection)
    {
        Host = connection.Host;
        Port = connection.Port;
        User = connection.User;
        EnvironmentVariables ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (connection.Password is null)
        {
            EnvironmentVariables.Remove(PasswordVariable);
        }
        else
        {
            EnvironmentVariables[PasswordVariable] = connection.Password;
        }
    }

    /// <summary>--host, --port, --username and --no-password: a tool must fail rather than wait for a password prompt.</summary>
    internal void AppendConnection(ProcessArgumentBuilder arguments)
    {
        if (Host is not null)
        {
            arguments.AppendSwitchQuoted("--host", "=", Host);
        }

        if (Port is not null)
        {
            arguments.Append($"--port={Port.Value}");
        }

        if (User is not null)
        {
            arguments.AppendSwitchQuoted("--username", "=", User);
        }

        arguments.Append("--no-password");
    }
}
