using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pipeline.Core.Containers;
using Pipeline.Core.Databases.PostgreSql;
using Pipeline.Core.Hosting;
using Pipeline.Core.Tests.PostgreSql;
using Pipeline.Core.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Core.Tests.Containers;

/// <summary>
/// compose.yaml as a developer runs it, with docker-compose on the tests' own engine: PostgreSQL built from
/// db/postgresql/image over the machine's Debian base, the migrations applied by the migrate service, the app's
/// image pulled by digest from the tests' registry. Several minutes: the engine's vfs storage copies each image.
/// </summary>
[Collection(ContainerServersDefinition.Name)]
public sealed class ComposeDevelopmentTests(ContainerServers servers)
{
    // The name the test gives the base it imports; compose.yaml's DEBIAN_IMAGE, debian:bookworm-slim by default, cannot be pulled here.
    private const string DebianImage = "pipeline-debian:bookworm";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Compose_serves_the_app_on_a_migrated_postgresql_keeps_every_order_and_keeps_them_over_down_and_up()
    {
        var artifact = await servers.PushedAsync(servers.CopyArtifact());
        ImportDebianBase();
        var dbPort = FreePort.Next();
        var appPort = FreePort.Next();
        var project = $"pipelinecompose{Guid.NewGuid():N}"[..24];
        var environment = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = servers.Engine.Host,
            ["TRADING_IMAGE"] = PushResult.Read(artifact)!.Reference,
            ["TRADING_DB_PORT"] = dbPort.ToString(CultureInfo.InvariantCulture),
            ["TRADING_APP_PORT"] = appPort.ToString(CultureInfo.InvariantCulture),
            ["DEBIAN_IMAGE"] = DebianImage,
        };
        var database = new PostgreSqlConnectionInfo("127.0.0.1", dbPort, "trading", "trading", "trading-dev-only");
        var url = new Uri($"http://127.0.0.1:{appPort}/");
        try
        {
            Compose(environment, project, "up", "--build", "--detach");
            await WaitUntilHealthyAsync(url, environment, project);

            await using var load = TradingLoad.Start(url);
            await load.AcknowledgedAtLeastAsync(20);
            var report = await load.StopAsync();
            var stored = await PostgresOrders.IdsAsync(database.ToConnectionString(pooling: false));

            Assert.True(report.Failed == 0, report.ToString());
            Assert.Contains(ContainerServers.Version, report.VersionsSeen.Keys);
            Assert.Empty(report.Acknowledged.Except(stored));
            var status = await new PostgreSqlMigrator(database, PostgreSqlTestDatabase.TradingMigrations, "tests", "development").StatusAsync();
            Assert.Empty(status.Problems);
            Assert.Empty(status.Pending);
            Assert.All(status.History, row => Assert.Equal("compose", row.AppliedBy));

            Compose(environment, project, "down");
            Compose(environment, project, "up", "--detach");
            await WaitUntilHealthyAsync(url, environment, project);

            Assert.Superset(stored, await PostgresOrders.IdsAsync(database.ToConnectionString(pooling: false)));
            var migrateLog = Compose(environment, project, "logs", "--no-color", "migrate");
            Assert.Contains("0001_create_orders already applied", migrateLog);
            Assert.Contains("0002_add_order_client_id already applied", migrateLog);
        }
        finally
        {
            Compose(environment, project, "down", "--volumes");
        }
    }

    // The machine's Debian base (as the Image target keeps it) under the name the test passes as DEBIAN_IMAGE.
    private void ImportDebianBase()
    {
        var layer = ContainerServers.BaseImage.Ensure(_ => { });
        Run("docker", ["--host", servers.Engine.Host, "import", layer.BlobPath, DebianImage], new Dictionary<string, string>(), Path.GetTempPath());
    }

    private static async Task WaitUntilHealthyAsync(Uri url, Dictionary<string, string> environment, string project)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var stopAt = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < stopAt)
        {
            try
            {
                if ((await http.GetAsync(new Uri(url, "health"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Starting.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"The app did not answer {url}health within {Patience.TotalMinutes} minutes:\n{Compose(environment, project, "logs", "--no-color")}");
    }

    private static string Compose(Dictionary<string, string> environment, string project, params string[] arguments) =>
        Run("docker-compose", ["--file", Path.Combine(ContainerServers.RepositoryRoot(), "compose.yaml"), "--project-name", project, .. arguments], environment, ContainerServers.RepositoryRoot());

    private static string Run(string program, string[] arguments, Dictionary<string, string> environment, string directory)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Patience))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {Patience.TotalMinutes} minutes:\n{Printed(output)}");
        }

        process.WaitForExit();
        return process.ExitCode == 0
            ? Printed(output)
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with code {process.ExitCode}:\n{Printed(output)}");
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Printed(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
