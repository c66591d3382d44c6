using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pipeline.Core.Hosting;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Core.Tests.Containers;

/// <summary>
/// A real registry (Debian's docker-registry, the distribution project's server) on 127.0.0.1 and a free port,
/// storing blobs in a temporary directory. A loopback registry speaks plain HTTP, which Docker accepts for
/// 127.0.0.0/8 without configuration.
/// </summary>
public sealed class RegistryServer : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private readonly StringBuilder output = new();

    public RegistryServer()
    {
        Port = FreePort.Next();
        Directory = System.IO.Directory.CreateTempSubdirectory("pipeline-registry-").FullName;
        var config = Path.Combine(Directory, "config.yml");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(Directory, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}
            """));
        process = new Process
        {
            StartInfo = new ProcessStartInfo("docker-registry", ["serve", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            ServerProcess.WaitUntilListening(process, Port, "docker-registry", Printed, Patience);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Port { get; }

    public string Directory { get; }

    /// <summary>host:port, as images are named: 127.0.0.1:PORT/trading-app@sha256:...</summary>
    public string Address => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }

        process.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
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
