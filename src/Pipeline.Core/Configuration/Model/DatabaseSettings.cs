using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Configuration.Model;

public enum DatabaseEngine
{
    [JsonStringEnumMemberName("sqlite")]
    Sqlite,
    [JsonStringEnumMemberName("postgresql")]
    PostgreSql,
    [JsonStringEnumMemberName("mongodb")]
    MongoDb,
}

public sealed record DatabaseSettings
{
    [Description("sqlite (development: one local target), postgresql or mongodb; decides how backups, migrations, restores and the drill work.")]
    public required DatabaseEngine Engine { get; init; }

    [Description("SQLite only: the database file, relative to the app's data directory.")]
    public string? Path { get; init; }

    [Description("PostgreSQL and MongoDB: a secret reference to the connection string.")]
    public SecretReference? ConnectionString { get; init; }

    [Description("A query that must succeed on a healthy database; the rollback drill runs it against the restored copy.")]
    public string HealthQuery { get; init; } = "SELECT 1";

    [Description("Seconds a query may run before it is cancelled.")]
    public int CommandTimeoutSeconds { get; init; } = 30;
}
