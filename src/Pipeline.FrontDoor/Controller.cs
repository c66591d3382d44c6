using System.Text.Json;
using Pipeline.Core.Configuration;
using Pipeline.Core.FrontDoor;

namespace Pipeline.FrontDoor;

/// <summary>
/// The front door's one loop: applies a new desired instance (start it on a private port, check it there, move
/// new connections to it, drain and stop the old one; an unhealthy one is stopped and never takes traffic), and
/// restarts the serving instance from its own release when it dies, with a growing pause between attempts; stops it
/// for good when a <see cref="Retirement"/> for its version falls due. Everything it does is logged and written to the
/// state file.
/// </summary>
internal sealed class Controller(FrontDoorFiles files, string listen, TcpForwarder forwarder, InstanceRunner runner)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(30);
    private static readonly UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private FrontDoorState state = new() { Listen = listen, FrontDoorPid = Environment.ProcessId };
    private Instance? serving;
    private TimeSpan backoff = FirstBackoff;
    private DateTime nextRestart = DateTime.MinValue;
    private string? lastProblem;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Adopt();
        while (!cancellationToken.IsCancellationRequested)
        {
            var desired = FrontDoorFiles.Read<DesiredInstance>(files.Desired, out var problem);
            if (problem is not null && problem != lastProblem)
            {
                Log.Write($"cannot read the desired instance, keeping what serves: {problem}");
            }

            lastProblem = problem;
            if (desired is not null && desired.Serial > state.AppliedSerial)
            {
                await ApplyAsync(desired, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SuperviseAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(Tick, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Log.Write(serving is null ? "front door stopping" : $"front door stopping; {serving} keeps running and is adopted by the next front door");
    }

    // An instance left serving by a front door that was stopped or killed keeps serving under this one.
    private void Adopt()
    {
        var previous = FrontDoorFiles.Read<FrontDoorState>(files.State, out _);
        var active = FrontDoorFiles.Read<DesiredInstance>(files.Active, out _);
        if (previous is not null)
        {
            state = state with { AppliedSerial = previous.AppliedSerial, Failure = previous.Failure, Steps = previous.Steps };
        }

        if (active is null)
        {
            Publish(state with { App = AppStates.None, AppDetail = "no instance was started yet" });
            return;
        }

        if (previous is { AppPid: { } pid, AppPort: { } port } && runner.IsRunning(new Instance(pid, port, active)))
        {
            serving = new Instance(pid, port, active);
            forwarder.Backend = serving;
            Log.Write($"adopted {serving}, left serving by the previous front door");
            Publish(Serving(serving, "adopted from the previous front door"));
            return;
        }

        Log.Write($"the instance of {active.Version} that served last is not running; starting it again");
        Publish(Down(active, "not running when the front door started"));
        nextRestart = DateTime.UtcNow;
    }

    private async Task ApplyAsync(DesiredInstance desired, CancellationToken cancellationToken)
    {
        var steps = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var release = Path.GetRelativePath(Path.GetDirectoryName(files.Shared)!, desired.Release);
        Instance next;
        try
        {
            next = runner.Start(desired);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            Finish(desired, steps, $"{desired.Version} could not be started ({ex.Message}); see {files.AppLog}");
            return;
        }

        steps.Add($"started the app from {release} on {next.Address} (process {next.Pid}, log {files.AppLog}); it takes no traffic until it is healthy");
        Log.Write($"request {desired.Serial}: started {next}; checking its health");
        var (healthy, detail) = await runner.CheckAsync(next, cancellationToken).ConfigureAwait(false);
        if (!healthy)
        {
            await runner.StopAsync(next, TimeSpan.FromSeconds(desired.StopGraceSeconds)).ConfigureAwait(false);
            var still = serving is null ? "nothing served before it" : $"{serving.Spec.Version} keeps serving";
            steps.Add($"stopped {desired.Version} (process {next.Pid}): it never took traffic");
            Finish(desired, steps, $"{desired.Version} was not healthy on {next.Address} ({detail}); it never took traffic and {still}; see {files.AppLog}");
            return;
        }

        var previous = serving;
        serving = next;
        forwarder.Backend = next;
        AtomicFile.WriteAllText(files.Active, JsonSerializer.Serialize(desired, FrontDoorFiles.Json), OwnerOnly);
        AtomicFile.WriteAllText(files.AppPid, next.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        backoff = FirstBackoff;
        steps.Add($"{desired.Version} is healthy on {next.Address} ({detail}), {clock.Elapsed.TotalSeconds:0.0} s after the request was read; new connections on {listen} go to it");
        Log.Write($"request {desired.Serial}: {next} is healthy; new connections go to it");
        Publish(Serving(next, "healthy"));

        if (previous is not null && previous.Pid != next.Pid)
        {
            clock.Restart();
            await Task.Delay(TimeSpan.FromSeconds(desired.DrainSeconds), CancellationToken.None).ConfigureAwait(false);
            await runner.StopAsync(previous, TimeSpan.FromSeconds(previous.Spec.StopGraceSeconds)).ConfigureAwait(false);
            steps.Add($"stopped the previous app (process {previous.Pid}, {previous.Spec.Version}) after it drained ({clock.Elapsed.TotalSeconds:0.0} s: {desired.DrainSeconds:0.#} s here for its connections, then its own drain and shutdown)");
            Log.Write($"request {desired.Serial}: stopped {previous}");
        }

        Finish(desired, steps, failure: null);
    }

    private void Finish(DesiredInstance desired, List<string> steps, string? failure)
    {
        if (failure is not null)
        {
            Log.Write($"request {desired.Serial} failed: {failure}");
        }

        Publish(state with { AppliedSerial = desired.Serial, Failure = failure, Steps = steps });
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        if (await RetireWhenDueAsync().ConfigureAwait(false))
        {
            return;
        }

        if (serving is not null && runner.IsRunning(serving))
        {
            return;
        }

        if (serving is not null)
        {
            Log.Write($"{serving} exited; restarting it from {serving.Spec.Release}");
            forwarder.Backend = null;
            Publish(Down(serving.Spec, $"process {serving.Pid} exited at {DateTimeOffset.UtcNow:u}; restarting it"));
            nextRestart = DateTime.UtcNow;
            serving = null;
        }

        var spec = FrontDoorFiles.Read<DesiredInstance>(files.Active, out _);
        if (spec is null || DateTime.UtcNow < nextRestart)
        {
            return;
        }

        Instance next;
        try
        {
            next = runner.Start(spec);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            Retry(spec, $"could not start it: {ex.Message}");
            return;
        }

        var (healthy, detail) = await runner.CheckAsync(next, cancellationToken).ConfigureAwait(false);
        if (!healthy)
        {
            await runner.StopAsync(next, TimeSpan.FromSeconds(spec.StopGraceSeconds)).ConfigureAwait(false);
            Retry(spec, $"the restarted instance was not healthy ({detail})");
            return;
        }

        serving = next;
        forwarder.Backend = next;
        AtomicFile.WriteAllText(files.AppPid, next.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        backoff = FirstBackoff;
        Log.Write($"restarted {next}; it is healthy and takes traffic");
        Publish(Serving(next, "restarted after it died") with { Restarts = state.Restarts + 1 });
    }

    // Blue/green's old colour: stopped at the time the pipeline set, by the front door itself, and not restarted; a
    // retirement for another version (a new release was asked for since) stops nothing.
    private async Task<bool> RetireWhenDueAsync()
    {
        if (!File.Exists(files.Retire) || FrontDoorFiles.Read<Retirement>(files.Retire, out _) is not { } retirement || retirement.StopAt > DateTimeOffset.UtcNow)
        {
            return false;
        }

        // A retirement that is due is acted on once and removed: for another version (a new release was asked for
        // since) or with nothing left to stop, it stops nothing.
        File.Delete(files.Retire);
        var spec = serving?.Spec ?? FrontDoorFiles.Read<DesiredInstance>(files.Active, out _);
        if (spec is null || spec.Version != retirement.Version)
        {
            return false;
        }

        forwarder.Backend = null;
        if (serving is not null)
        {
            await runner.StopAsync(serving, TimeSpan.FromSeconds(spec.StopGraceSeconds)).ConfigureAwait(false);
        }

        File.Delete(files.Active);
        File.Delete(files.AppPid);
        var detail = $"stopped {spec.Version}{(serving is null ? string.Empty : $" (process {serving.Pid})")} at {DateTimeOffset.UtcNow:u}, as asked for {retirement.StopAt:u}: {retirement.Reason}";
        Log.Write(detail);
        serving = null;
        Publish(state with { App = AppStates.Retired, AppDetail = detail, Version = spec.Version, Release = spec.Release, AppPid = null, AppPort = null });
        return true;
    }

    private void Retry(DesiredInstance spec, string why)
    {
        nextRestart = DateTime.UtcNow + backoff;
        Log.Write($"restart of {spec.Version} failed: {why}; next attempt in {backoff.TotalSeconds:F0} s (see {files.AppLog})");
        Publish(Down(spec, $"{why}; next attempt in {backoff.TotalSeconds:F0} s"));
        backoff = TimeSpan.FromTicks(Math.Min(LongestBackoff.Ticks, backoff.Ticks * 2));
    }

    private FrontDoorState Serving(Instance instance, string detail) => state with
    {
        App = AppStates.Serving,
        AppDetail = detail,
        Version = instance.Spec.Version,
        Release = instance.Spec.Release,
        AppPid = instance.Pid,
        AppPort = instance.Port,
    };

    private FrontDoorState Down(DesiredInstance spec, string detail) => state with
    {
        App = AppStates.Down,
        AppDetail = detail,
        Version = spec.Version,
        Release = spec.Release,
        AppPid = null,
        AppPort = null,
    };

    private void Publish(FrontDoorState next)
    {
        state = next with { Updated = DateTimeOffset.UtcNow };
        AtomicFile.WriteAllText(files.State, JsonSerializer.Serialize(state, FrontDoorFiles.Json));
    }
}
