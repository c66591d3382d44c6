namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>A PostgreSQL dump, restore or tool call that cannot run or failed; the message says what to do next.</summary>
public sealed class PostgreSqlException(string message, Exception? inner = null) : Exception(message, inner);
