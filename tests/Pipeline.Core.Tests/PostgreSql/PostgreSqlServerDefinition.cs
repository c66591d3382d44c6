using Pipeline.Core.Tests.Support;

namespace Pipeline.Core.Tests.PostgreSql;

/// <summary>One PostgreSQL cluster for every test class that needs a server; each test still gets its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlServerDefinition : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
