using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Tests.Support;

/// <summary>
/// A real haproxy (Debian's 2.6) on a free loopback port, with its own config, pid file and admin socket in a temp
/// directory: one HTTP frontend and one backend of the given servers. Disposing stops it (by its pid) and deletes the
/// directory. No retries to another server and no health checks: a request sent to a server that is not there fails,
/// so a test sees exactly what the balancer sent where.
/// </summary>
public sealed class HaproxyServer : IDisposable
{
    public const string Backend = "trading";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public HaproxyServer(IReadOnlyList<(string Name, Uri Address, int Weight)> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        Directory = System.IO.Directory.CreateTempSubdirectory("pipeline-haproxy-").FullName;
        Port = FreePort.Next();
        AdminSocket = Path.Combine(Directory, "admin.sock");
        var config = Path.Combine(Directory, "haproxy.cfg");
        File.WriteAllText(config, Config(servers));
        var pidFile = Path.Combine(Directory, "haproxy.pid");
        var start = new ProcessStartInfo("haproxy", ["-f", config, "-D", "-p", pidFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using (var launcher = Process.Start(start)!)
        {
            var printed = launcher.StandardError.ReadToEnd() + launcher.StandardOutput.ReadToEnd();
            launcher.WaitForExit();
            if (launcher.ExitCode != 0)
            {
                System.IO.Directory.Delete(Directory, recursive: true);
                throw new InvalidOperationException($"haproxy -f {config} exited with {launcher.ExitCode}: {printed}");
            }
        }

        Pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        var stopAt = DateTime.UtcNow + Patience;
        while (!File.Exists(AdminSocket) && DateTime.UtcNow < stopAt)
        {
            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    public int Pid { get; }

    public string Directory { get; }

    public string AdminSocket { get; }

    /// <summary>Where clients send their requests.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public void Dispose()
    {
        try
        {
            using var process = Process.GetProcessById(Pid);
            process.Kill();
            process.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private string Config(IReadOnlyList<(string Name, Uri Address, int Weight)> servers)
    {
        var text = new StringBuilder();
        text.AppendLine("global");
        text.AppendLine(CultureInfo.InvariantCulture, $"    stats socket {AdminSocket} level admin");
        text.AppendLine("    maxconn 1000");
        text.AppendLine("defaults");
        text.AppendLine("    mode http");
        text.AppendLine("    timeout connect 2s");
        text.AppendLine("    timeout client 30s");
        text.AppendLine("    timeout server 30s");
        text.AppendLine("frontend web");
        text.AppendLine(CultureInfo.InvariantCulture, $"    bind 127.0.0.1:{Port}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    default_backend {Backend}");
        text.AppendLine(CultureInfo.InvariantCulture, $"backend {Backend}");
        text.AppendLine("    balance roundrobin");
        foreach (var (name, address, weight) in servers)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    server {name} {address.Host}:{address.Port} weight {weight}");
        }

        return text.ToString();
    }
}
