using System.Diagnostics;
using Pipeline.Core.Processes;

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

    /// <summary>Starts the app in <paramref name="appDirectory"/> on 127.0.0.1:<paramref name="port"/>.</summary>
    public static AppProcess Start(string appDirectory, int port, string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var app = AppDefinition.TradingApp;
        var variables = new Dictionary<string, string>(app.Environment(dataDirectory));
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var spec = new ProcessSpec("dotnet", [Path.Combine(appDirectory, app.EntryAssembly), "--urls", baseAddress.ToString().TrimEnd('/')], appDirectory, variables);
        var process = ProcessLauncher.Instance.StartChild(spec);
        var started = new AppProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => started.Record(e.Data);
        process.ErrorDataReceived += (_, e) => started.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Asks the app to stop and waits up to <paramref name="grace"/>, then kills it.</summary>
    public void Stop(TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        if (!OperatingSystem.IsWindows() && ProcessLauncher.Instance.Signal(process.Id, UnixSignal.Terminate) && process.WaitForExit(grace))
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
}
