using Pipeline.Core.Databases.PostgreSql;

namespace Pipeline.Core.Tests.PostgreSql;

public sealed class PostgreSqlVersionTests
{
    [Theory]
    [InlineData("150018", 15)]
    [InlineData("170002", 17)]
    [InlineData("90624", 9)]
    public void The_server_major_comes_from_server_version_num(string number, int major)
    {
        Assert.Equal(major, PostgreSqlVersion.MajorFromServerVersionNum(number));
    }

    [Theory]
    [InlineData("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", 15)]
    [InlineData("pg_dump (PostgreSQL) 16.4", 16)]
    [InlineData("pg_dump (PostgreSQL) 18beta1", 18)]
    public void The_client_major_comes_from_the_version_line(string line, int major)
    {
        Assert.Equal(major, PostgreSqlVersion.MajorFromToolVersion("pg_dump", line));
    }

    [Fact]
    public void An_unreadable_version_line_is_quoted()
    {
        var error = Assert.Throws<PostgreSqlException>(() => PostgreSqlVersion.MajorFromToolVersion("pg_dump", "command not found"));

        Assert.Contains("\"command not found\"", error.Message);
    }

    [Fact]
    public void A_pg_dump_older_than_the_server_is_refused_with_the_package_to_install()
    {
        var error = Assert.Throws<PostgreSqlException>(() => PostgreSqlVersion.EnsureCanDump(14, 15));

        Assert.StartsWith("pg_dump 14 cannot dump a PostgreSQL 15 server; install postgresql-client-15", error.Message);
    }

    [Theory]
    [InlineData(15, 15)]
    [InlineData(17, 15)]
    public void A_pg_dump_as_new_as_the_server_or_newer_may_dump(int client, int server)
    {
        PostgreSqlVersion.EnsureCanDump(client, server);
    }
}
