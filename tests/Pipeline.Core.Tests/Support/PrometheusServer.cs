using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Tests.Support;

/// <summary>
/// A real Prometheus (Debian's 2.42) on a free loopback port, with its own config and tsdb in a temp directory,
/// scraping every second whatever the file-based discovery file <see cref="TargetsFile"/> lists. Disposing kills it
/// and deletes the directory.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private readonly StringBuilder output = new();

    public PrometheusServer()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("pipeline-prometheus-").FullName;
        Port = FreePort.Next();
        TargetsFile = Path.Combine(Directory, "targets.json");
        File.WriteAllText(TargetsFile, "[]\n");
        var config = Path.Combine(Directory, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: trading
                file_sd_configs:
                  - files: ["{TargetsFile}"]
                    refresh_interval: 1s
            """);
        var start = new ProcessStartInfo("prometheus", [
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(Directory, "data")}",
            $"--web.listen-address=127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}",
            "--log.level=warn",
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
            ServerProcess.WaitUntilListening(process, Port, "prometheus", Printed, Patience);
            WaitUntilReady();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Port { get; }

    public string Directory { get; }

    /// <summary>The file_sd file Prometheus reads its targets from.</summary>
    public string TargetsFile { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    // Prometheus listens before it is ready (it replays its write-ahead log first) and answers 503 until then.
    private void WaitUntilReady()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var stopAt = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < stopAt)
        {
            try
            {
                using var response = http.GetAsync(new Uri(Url, "-/ready")).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not yet.
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"prometheus on {Url} was not ready within {Patience.TotalSeconds} s: {Printed()}");
    }

    private string Printed()
    {
        lock (output)
        {
            return output.ToString();
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
}
