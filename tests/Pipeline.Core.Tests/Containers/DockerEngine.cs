using System.Diagnostics;
using System.Text;
using Pipeline.Core.Containers;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Tests.Containers;

/// <summary>
/// A real Docker engine of the tests' own: dockerd (with the containerd it starts) on a socket in a temporary
/// directory, vfs storage, no bridge and no iptables rules, so containers use the host's network. Stopped with
/// SIGTERM (its containers stop with it) and its directory removed.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly StringBuilder output = new();

    public DockerEngine()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("pipeline-dockerd-").FullName;
        Socket = Path.Combine(Directory, "docker.sock");
        var start = new ProcessStartInfo("dockerd", [
            "--host", $"unix://{Socket}",
            "--data-root", Path.Combine(Directory, "data"),
            "--exec-root", Path.Combine(Directory, "exec"),
            "--pidfile", Path.Combine(Directory, "docker.pid"),
            "--iptables=false", "--ip-masq=false", "--bridge=none", "--storage-driver=vfs", "--shutdown-timeout=5",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            WaitUntilReady();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Directory { get; }

    public string Socket { get; }

    /// <summary>DOCKER_HOST for this engine.</summary>
    public string Host => $"unix://{Socket}";

    public DockerSettings Settings() => new() { Host = Host };

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                ProcessLauncher.Instance.StopGracefully(process.Id, TimeSpan.FromSeconds(20));
            }
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }

        process.Dispose();

        // dockerd mounts its default network namespace under the exec root and leaves it mounted when it stops.
        foreach (var mount in File.ReadAllLines("/proc/mounts").Select(line => line.Split(' ')[1]).Where(m => m.StartsWith(Directory + "/", StringComparison.Ordinal)))
        {
            using var unmount = Process.Start(new ProcessStartInfo("umount", ["--lazy", mount]) { UseShellExecute = false });
            unmount?.WaitForExit(10_000);
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }


    private void WaitUntilReady()
    {
        var stopAt = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < stopAt)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"dockerd exited with code {process.ExitCode}: {Printed()}");
            }

            if (Printed().Contains("API listen on", StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"dockerd did not listen on {Socket} within {Patience.TotalSeconds} s: {Printed()}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private string Printed()
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
