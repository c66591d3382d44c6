using Npgsql;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>
/// Where a PostgreSQL database is and who connects to it, parsed from an Npgsql connection string. The password
/// is kept for connecting and for PGPASSWORD only: <see cref="ToString"/> leaves it out.
/// </summary>
public sealed record PostgreSqlConnectionInfo(string Host, int Port, string User, string Database, string? Password)
{
    public const int DefaultPort = 5432;

    /// <summary>Parses <paramref name="connectionString"/>; the error names the missing setting, never the string itself.</summary>
    public static PostgreSqlConnectionInfo Parse(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // The parser's message can quote the string, password included; it is deliberately not passed on.
            throw new PostgreSqlException("The PostgreSQL connection string is not valid: check its keywords and quoting (Host=...;Port=...;Username=...;Password=...;Database=...).");
        }

        return new PostgreSqlConnectionInfo(
            Required(builder.Host, "Host"),
            builder.Port == 0 ? DefaultPort : builder.Port,
            Required(builder.Username, "Username"),
            Required(builder.Database, "Database"),
            string.IsNullOrEmpty(builder.Password) ? null : builder.Password);
    }

    /// <summary>The same server and user, another database on it.</summary>
    public PostgreSqlConnectionInfo ForDatabase(string database) => this with { Database = PostgreSqlIdentifier.Validate(database, "database") };

    /// <summary>An Npgsql connection string for this database; never log it.</summary>
    public string ToConnectionString(bool pooling = true)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = User,
            Database = Database,
            Pooling = pooling,
        };
        if (Password is not null)
        {
            builder.Password = Password;
        }

        return builder.ConnectionString;
    }

    public override string ToString() => $"{User}@{Host}:{Port}/{Database}";

    private static string Required(string? value, string keyword) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new PostgreSqlException($"The PostgreSQL connection string has no {keyword}; expected {keyword}=... among its settings.")
            : value;
}
