using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Deployment;
using Pipeline.Core.Hosting;
using Pipeline.Core.State;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>A checkout whose development environment serves on a free loopback port, with helpers to trade against it.</summary>
public sealed class DeployWorkspace : IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public DeployWorkspace(string environment = "development", Action<JsonObject>? configure = null)
    {
        Environment = environment;
        Port = FreePort.Next();
        var file = Build.EnvironmentFile(environment);
        var config = JsonNode.Parse(File.ReadAllText(Build.EnvironmentFile("development")))!.AsObject();
        config["name"] = environment;
        config["deployment"]!["stateStore"]!["path"] = $".pipeline/state/{environment}";
        config["deployment"]!["targets"]![0]!["path"] = $".pipeline/servers/{environment}";
        config["server"]!["port"] = Port;
        config["server"]!["baseUrl"] = $"http://127.0.0.1:{Port}";
        config["deployment"]!["retention"]!["releases"] = 2;
        config["deployment"]!["healthCheck"] = new JsonObject { ["path"] = "/health", ["retries"] = 40, ["intervalSeconds"] = 1, ["timeoutSeconds"] = 20 };
        configure?.Invoke(config);
        File.WriteAllText(file, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public BuildRun Build { get; } = new();

    public string Environment { get; }

    public string Root => Build.Root;

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public ReleaseServer Server => new(Path.Combine(Root, ".pipeline", "servers", Environment));

    public IStateStore Store => new LocalStateStore(Path.Combine(Root, ".pipeline", "state", Environment));

    public string Database => Path.Combine(Server.DataDirectory, "trading.db");

    public int Deploy(string version, params string[] extra) =>
        Build.Run(["--target=Deploy", "--exclusive", $"--env={Environment}", $"--app-version={version}", .. extra]);

    public int Rollback(params string[] extra) => Build.Run(["--target=Rollback", $"--env={Environment}", .. extra]);

    public async Task<string?> LiveVersionAsync()
    {
        try
        {
            var version = await http.GetFromJsonAsync<JsonElement>(new Uri(Url, "version"));
            return version.GetProperty("version").GetString();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async Task<long> PlaceOrderAsync(string symbol, int quantity, decimal price)
    {
        using var response = await http.PostAsJsonAsync(new Uri(Url, "api/orders"), new { symbol, side = "buy", quantity, price });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public async Task<IReadOnlyList<long>> OrderIdsAsync()
    {
        var orders = await http.GetFromJsonAsync<JsonElement>(new Uri(Url, "api/orders"));
        return orders.EnumerateArray().Select(o => o.GetProperty("id").GetInt64()).Order().ToList();
    }

    public void Dispose()
    {
        new AppSupervisor(Server).Stop(TimeSpan.FromSeconds(5));
        http.Dispose();
        Build.Dispose();
    }
}
