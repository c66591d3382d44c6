using System.Runtime.Versioning;
using Npgsql;
using Pipeline.Core.Databases.PostgreSql;
using Pipeline.Core.Hosting;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Tests.Support;

/// <summary>
/// A real PostgreSQL 15 cluster in a temporary directory, listening on a free loopback port; created when the
/// fixture starts, stopped and deleted when it is disposed. Each test asks for a fresh database of its own.
/// initdb refuses to run as root, so as root the cluster belongs to the postgres user and its programs run
/// through runuser.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PostgresServer : IAsyncLifetime
{
    public const int Major = 15;
    private const string Superuser = "postgres";
    private const string SystemUser = "postgres";
    private static readonly string BinDirectory = $"/usr/lib/postgresql/{Major}/bin";

    private readonly ICommandRunner runner = new CommandRunner();
    private readonly bool asRoot = Environment.UserName == "root";
    private string root = string.Empty;

    public int Port { get; private set; }

    /// <summary>The superuser on the maintenance database.</summary>
    public PostgreSqlConnectionInfo Admin => new("127.0.0.1", Port, Superuser, "postgres", null);

    private string DataDirectory => Path.Combine(root, "data");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL {Major} is not installed ({BinDirectory}/initdb does not exist); these tests need a real server. Run scripts/prerequisites.sh, which installs the postgresql package.");
        }

        // Under /tmp with mode 0755, so the postgres user can reach it whatever the test's own temp directory is.
        root = Path.Combine("/tmp", $"pipeline-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        if (asRoot)
        {
            await RunAsync("chown", [$"{SystemUser}:{SystemUser}", root]);
        }

        await RunPostgresAsync("initdb", ["-D", DataDirectory, "-A", "trust", "-U", Superuser, "-E", "UTF8", "--locale=C", "--no-sync"]);
        await StartAsync();
    }

    /// <summary>A new, empty database with a random name, for one test.</summary>
    public async Task<PostgreSqlConnectionInfo> CreateDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}"[..20];
        await using var connection = new NpgsqlConnection(Admin.ToConnectionString(pooling: false));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return Admin with { Database = name };
    }

    public async Task DisposeAsync()
    {
        if (root.Length == 0)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunPostgresAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Starts on a free port; another process can take the port between the probe and the start, so a few tries.</summary>
    private async Task StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            var options = $"-p {Port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off";
            var result = await TryRunPostgresAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(root, "server.log"), "-o", options, "-w", "start"]);
            if (result.ExitCode == 0)
            {
                return;
            }

            if (attempt == 3)
            {
                var log = File.Exists(Path.Combine(root, "server.log")) ? await File.ReadAllTextAsync(Path.Combine(root, "server.log")) : "(no server log)";
                throw new InvalidOperationException($"pg_ctl start failed {attempt} times; last exit code {result.ExitCode}: {string.Join('\n', result.Output)}\n{log}");
            }
        }
    }

    private async Task RunPostgresAsync(string program, IReadOnlyList<string> arguments)
    {
        var result = await TryRunPostgresAsync(program, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with code {result.ExitCode}: {string.Join('\n', result.Output)}");
        }
    }

    private Task<CommandResult> TryRunPostgresAsync(string program, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(BinDirectory, program);
        var command = asRoot
            ? new Command("runuser", ["-u", SystemUser, "--", path, .. arguments], root)
            : new Command(path, arguments, root);
        return runner.RunAsync(command);
    }

    private async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var result = await runner.RunAsync(new Command(program, arguments, root));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with code {result.ExitCode}: {string.Join('\n', result.Output)}");
        }
    }
}
