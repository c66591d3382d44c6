using System.Net;
using System.Text.Json;
using Trading.App.Tests.Support;

namespace Trading.App.Tests.Integration;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_is_200_with_the_schema_version_when_the_database_is_current()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        using var response = await app.Client.GetAsync(new Uri("/health", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(AppWorkspace.LatestVersion, body.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(AppWorkspace.EnvironmentName, body.RootElement.GetProperty("environment").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Health_is_503_once_the_database_file_is_removed()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);
        using (var healthy = await app.Client.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        File.Delete(workspace.DatabasePath);
        using var response = await app.Client.GetAsync(new Uri("/health", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", body.RootElement.GetProperty("status").GetString());
        Assert.Contains("no database at", body.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_is_503_when_the_database_file_is_unreadable()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        File.WriteAllText(workspace.DatabasePath, new string('x', 4096));
        using var response = await app.Client.GetAsync(new Uri("/health", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("cannot read the database", body.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
