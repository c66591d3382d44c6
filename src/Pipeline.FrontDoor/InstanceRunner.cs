using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.Core.FrontDoor;
using Pipeline.Core.Hosting;
using Pipeline.Core.Processes;

namespace Pipeline.FrontDoor;

/// <summary>Starts app instances on private ports, tells whether one is healthy, and stops them gracefully.</summary>
internal sealed class InstanceRunner(FrontDoorFiles files, IProcessLauncher launcher, HttpClient http)
{
    /// <summary>Starts <paramref name="spec"/> on a free loopback port, with only the environment it names.</summary>
    public Instance Start(DesiredInstance spec)
    {
        var port = PrivatePort.Next();
        var arguments = spec.Arguments.Select(a => a.Replace(FrontDoorFiles.PortPlaceholder, port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToList();
        var pidFile = files.StartingPid(port);
        var pid = launcher.StartDetached(new ProcessSpec(spec.Program, arguments, spec.Release, spec.Environment) { InheritEnvironment = false }, files.AppLog, pidFile);
        File.Delete(pidFile);
        return new Instance(pid, port, spec);
    }

    /// <summary>True while the instance's process runs the app (an id from a file is never trusted alone).</summary>
    public bool IsRunning(Instance instance) =>
        launcher.IsAlive(instance.Pid) && launcher.CommandLine(instance.Pid) is { } commandLine && commandLine.Contains(instance.Spec.EntryAssembly, StringComparison.Ordinal);

    /// <summary>Healthy: the health path answers 200 and /version names the version asked for; the detail says what was seen.</summary>
    public async Task<(bool Healthy, string Detail)> CheckAsync(Instance instance, CancellationToken cancellationToken)
    {
        var spec = instance.Spec;
        var baseAddress = new Uri($"http://{instance.Address}/");
        var health = await new HealthProbe(http).WaitAsync(
            new Uri(baseAddress, spec.HealthPath.TrimStart('/')),
            spec.HealthRetries,
            TimeSpan.FromSeconds(spec.HealthIntervalSeconds),
            TimeSpan.FromSeconds(spec.HealthTimeoutSeconds),
            // Only whether it lives: while the shell becomes the app, its command line can read empty for a moment.
            () => !launcher.IsAlive(instance.Pid),
            cancellationToken).ConfigureAwait(false);
        if (!health.Healthy)
        {
            return (false, health.Detail);
        }

        var version = await ReadVersionAsync(baseAddress, cancellationToken).ConfigureAwait(false);
        return version == spec.Version
            ? (true, $"{spec.HealthPath} answered 200 after {health.Attempts} check(s) and /version says {version}")
            : (false, $"{spec.HealthPath} answered, but /version says {version ?? "nothing"}, not {spec.Version}");
    }

    /// <summary>SIGTERM (ASP.NET finishes the requests it has), then SIGKILL after the grace period.</summary>
    public async Task StopAsync(Instance instance, TimeSpan grace)
    {
        if (!IsRunning(instance))
        {
            return;
        }

        launcher.Signal(instance.Pid, UnixSignal.Terminate);
        var deadline = DateTime.UtcNow + grace;
        while (launcher.IsAlive(instance.Pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20).ConfigureAwait(false);
        }

        if (launcher.IsAlive(instance.Pid))
        {
            Log.Write($"{instance} did not stop within {grace.TotalSeconds:F0} s of SIGTERM; killing it");
            launcher.Signal(instance.Pid, UnixSignal.Kill);
            var killDeadline = DateTime.UtcNow.AddSeconds(10);
            while (launcher.IsAlive(instance.Pid) && DateTime.UtcNow < killDeadline)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }
        }
    }

    private async Task<string?> ReadVersionAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var document = await http.GetFromJsonAsync<JsonElement>(new Uri(baseAddress, "version"), timeout.Token).ConfigureAwait(false);
            return document.TryGetProperty("version", out var version) ? version.GetString() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
