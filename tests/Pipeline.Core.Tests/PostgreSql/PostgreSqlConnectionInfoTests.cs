using Pipeline.Core.Databases.PostgreSql;

namespace Pipeline.Core.Tests.PostgreSql;

public sealed class PostgreSqlConnectionInfoTests
{
    [Fact]
    public void A_connection_string_is_parsed_and_its_password_stays_out_of_ToString()
    {
        var info = PostgreSqlConnectionInfo.Parse("Host=db.internal;Port=5433;Username=trading;Password=hunter2-secret;Database=trading_prod");

        Assert.Equal(("db.internal", 5433, "trading", "trading_prod", "hunter2-secret"), (info.Host, info.Port, info.User, info.Database, info.Password));
        Assert.Equal("trading@db.internal:5433/trading_prod", info.ToString());
        Assert.DoesNotContain("hunter2", $"{info}", StringComparison.Ordinal);
    }

    [Fact]
    public void The_port_defaults_to_5432()
    {
        Assert.Equal(5432, PostgreSqlConnectionInfo.Parse("Host=db;Username=u;Database=d").Port);
    }

    [Fact]
    public void A_missing_setting_is_named_and_the_string_is_not_repeated()
    {
        var error = Assert.Throws<PostgreSqlException>(() => PostgreSqlConnectionInfo.Parse("Host=db;Username=u;Password=hunter2-secret"));

        Assert.Contains("no Database", error.Message);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_string_is_refused_without_quoting_it()
    {
        var error = Assert.Throws<PostgreSqlException>(() => PostgreSqlConnectionInfo.Parse("Host=db;Pasword=hunter2-secret;Database=d"));

        Assert.Contains("not valid", error.Message);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Trading")]
    [InlineData("drop\"; --")]
    [InlineData("")]
    public void A_database_name_must_be_a_plain_identifier(string name)
    {
        var error = Assert.Throws<PostgreSqlException>(() => PostgreSqlConnectionInfo.Parse("Host=db;Username=u;Database=d").ForDatabase(name));

        Assert.Contains($"\"{name}\" is not a plain identifier", error.Message);
    }
}
