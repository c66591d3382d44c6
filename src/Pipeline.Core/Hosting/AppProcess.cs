using System.Diagnostics;

namespace Pipeline.Core.Hosting;

/// <summary>
/// The trading app running as a child process from a published directory. Stopping asks it to shut down
/// (SIGTERM, so ASP.NET drains requests) and kills it only after a grace period. The child is also stopped
/// when this process exits or is interrupted, so a failed or cancelled run never leaves it behind.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    private AppProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
        AppDomain.CurrentDomain.ProcessExit += OnHostExit;
        Console.CancelKeyPress += OnHostExit;
    }

    public Uri BaseAddress { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (output)
            {
                return [.. output];
            }
        }
    }

    /// <summary>Starts Trading.App.dll in <paramref name="appDirectory"/> on 127.0.0.1:<paramref name="port"/>.</summary>
    public static AppProcess Start(string appDirectory, int port, string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(appDirectory, "Trading.App.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        start.Environment["TRADING_DATA_DIR"] = dataDirectory;
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => app.Record(e.Data);
        process.ErrorDataReceived += (_, e) => app.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Asks the app to stop and waits up to <paramref name="grace"/>, then kills it.</summary>
    public void Stop(TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        if (!OperatingSystem.IsWindows() && SendTerminate(process.Id) && process.WaitForExit(grace))
        {
            return;
        }

        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnHostExit;
        Console.CancelKeyPress -= OnHostExit;
        Stop(TimeSpan.FromSeconds(5));
        process.Dispose();
    }

    private void OnHostExit(object? sender, EventArgs e)
    {
        try
        {
            Stop(TimeSpan.FromSeconds(2));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
        }
    }

    private static bool SendTerminate(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
        return kill?.ExitCode == 0;
    }
}
