namespace Trading.App.Tests.Support;

/// <summary>One PostgreSQL cluster for every test class that needs a server; each test still gets its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresServerDefinition : ICollectionFixture<Pipeline.Core.Tests.Support.PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
