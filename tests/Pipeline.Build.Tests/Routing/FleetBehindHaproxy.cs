using System.Text.Json.Nodes;
using Pipeline.Build.Tests.Deploys;
using Pipeline.Build.Tests.Ssh;
using Pipeline.Core.Routing;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Build.Tests.Routing;

/// <summary>
/// What the deploys behind a balancer share: hosts over SSH (a real sshd each on its own loopback address), a real
/// haproxy with one server per application target at weight 100, and a staging workspace whose deployment uses those
/// targets, that haproxy as its router, a health check patient enough for a busy machine, and one PostgreSQL
/// database named by <see cref="ConnectionVariable"/>. Disposing stops the workspace's apps, haproxy and the hosts.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FleetBehindHaproxy : IDisposable
{
    /// <summary>Starts haproxy in front of <paramref name="fleet"/> and writes the staging configuration that deploys through it.</summary>
    /// <param name="fleet">The hosts; disposed with this.</param>
    /// <param name="connectionVariable">The environment variable the staging configuration reads the database from.</param>
    /// <param name="strategy">The deployment's strategy section.</param>
    /// <param name="servers">The haproxy servers, each named as the target it carries; by default one per host on its app's URL.</param>
    /// <param name="targets">The deployment's targets; by default the fleet's.</param>
    /// <param name="configure">Any further change to the staging configuration.</param>
    public FleetBehindHaproxy(SshFleet fleet, string connectionVariable, JsonObject strategy, IReadOnlyList<(string Name, Uri Url)>? servers = null, JsonArray? targets = null, Action<JsonObject>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        Fleet = fleet;
        ConnectionVariable = connectionVariable;
        servers ??= [.. fleet.Hosts.Select(h => (SshFleet.TargetName(h), fleet.Url(h)))];
        Haproxy = new HaproxyServer([.. servers.Select(s => (s.Name, s.Url, 100))]);
        Workspace = new DeployWorkspace("staging", config =>
        {
            config["database"] = new JsonObject { ["engine"] = "postgresql", ["connectionString"] = $"env:{connectionVariable}" };
            config["deployment"]!["targets"] = targets ?? fleet.Targets();
            config["deployment"]!["strategy"] = strategy;
            config["deployment"]!["healthCheck"] = new JsonObject { ["path"] = "/health", ["retries"] = 30, ["intervalSeconds"] = 1, ["timeoutSeconds"] = 10 };
            config["deployment"]!["router"] = new JsonObject
            {
                ["kind"] = "haproxy",
                ["adminSocket"] = Haproxy.AdminSocket,
                ["backend"] = HaproxyServer.Backend,
                ["servers"] = new JsonObject([.. servers.Select(s => KeyValuePair.Create(s.Name, (JsonNode?)s.Name))]),
            };
            configure?.Invoke(config);
        });
    }

    public SshFleet Fleet { get; }

    public HaproxyServer Haproxy { get; }

    public DeployWorkspace Workspace { get; }

    public string ConnectionVariable { get; }

    /// <summary>A fresh database on <paramref name="postgres"/> for this test, named by <see cref="ConnectionVariable"/>.</summary>
    public async Task UseNewDatabaseAsync(PostgresServer postgres)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var database = await postgres.CreateDatabaseAsync();
        Environment.SetEnvironmentVariable(ConnectionVariable, database.ToConnectionString(pooling: false));
    }

    /// <summary>Every order in the database: id and clientOrderId.</summary>
    public Task<Dictionary<long, string?>> StoredOrdersAsync() => PostgresOrders.ByIdAsync(Environment.GetEnvironmentVariable(ConnectionVariable)!);

    public HaproxyRouter Router() => new(new HaproxyRuntimeApi(Haproxy.AdminSocket), HaproxyServer.Backend);

    public void Dispose()
    {
        Workspace.Dispose();
        Haproxy.Dispose();
        Fleet.Dispose();
    }
}
