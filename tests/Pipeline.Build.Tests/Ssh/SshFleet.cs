using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Build.Tests.Ssh;

/// <summary>Hosts 127.0.0.11 and up, each with its own sshd, started for a test and stopped with it; their identities are in environment variables.</summary>
public sealed class SshFleet : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("pipeline-fleet-").FullName;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public SshFleet(int count, int firstAddress = 11)
    {
        AppPort = Pipeline.Core.Hosting.FreePort.Next();
        Hosts = Enumerable.Range(firstAddress, count).Select(n => new SshTestHost(n, directory)).ToList();
        foreach (var host in Hosts)
        {
            Environment.SetEnvironmentVariable(IdentityVariable(host), host.PrivateKey);
            host.Start();
        }
    }

    public IReadOnlyList<SshTestHost> Hosts { get; }

    /// <summary>The port every host's app listens on, each on its own address.</summary>
    public int AppPort { get; }

    public static string IdentityVariable(SshTestHost host) => $"PIPELINE_TEST_SSH_KEY_{host.Number}";

    public static string TargetName(SshTestHost host) => $"app-{host.Number}";

    public Uri Url(SshTestHost host) => new($"http://{host.Address}:{AppPort}/");

    /// <summary>The ssh targets of the fleet, as an environment's configuration lists them.</summary>
    public JsonArray Targets() => [.. Hosts.Select(h => (JsonNode)new JsonObject
    {
        ["name"] = TargetName(h),
        ["kind"] = "ssh",
        ["host"] = h.Address,
        ["port"] = h.SshPort,
        ["user"] = Environment.UserName,
        ["identity"] = $"env:{IdentityVariable(h)}",
        ["hostKey"] = h.HostPublicKey,
        ["path"] = h.Root,
        ["url"] = Url(h).ToString(),
    })];

    public async Task<string?> ServedVersionAsync(SshTestHost host)
    {
        try
        {
            var version = await http.GetFromJsonAsync<JsonElement>(new Uri(Url(host), "version"));
            return version.GetProperty("version").GetString();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<string?>> ServedVersionsAsync() => await Task.WhenAll(Hosts.Select(ServedVersionAsync));

    public void Dispose()
    {
        foreach (var host in Hosts)
        {
            host.Dispose();
            Environment.SetEnvironmentVariable(IdentityVariable(host), null);
        }

        http.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
