using System.Text.Json;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Deployment;
using Pipeline.Core.FrontDoor;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Targets.Ssh;

/// <summary>
/// The release's own front door (src/Pipeline.FrontDoor) on a host, driven over SSH as <see cref="AppSupervisor"/>
/// drives it on this machine: started detached from the host's copy of its binaries in shared/frontdoor/bin, with the
/// same files under shared/ (frontdoor.pid, logs/frontdoor.log, frontdoor/desired.json written over SFTP,
/// frontdoor/state.json read back). A switch starts the new instance on a private port, checks it there, moves
/// traffic and drains the old one; the front door restarts an app that dies. Ids are checked against the process's
/// command line before any signal is sent.
/// </summary>
public sealed class RemoteFrontDoor(SshConnection connection, RemoteLayout layout, AppDefinition app, HealthCheckSettings health)
{
    private readonly SshConnection connection = connection;
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private readonly FrontDoorFiles files = new(layout.Shared);

    public string Log => files.Log;

    /// <summary>
    /// Serves the release current names on <paramref name="listenUrl"/>: starts the front door when none runs there, then
    /// has it switch to a new, healthy instance, the one <paramref name="instance"/> builds from the release's path on the
    /// host and the essentials of the host's login (PATH, HOME, DOTNET_ROOT).
    /// </summary>
    public void Restart(Uri listenUrl, Func<string, IReadOnlyDictionary<string, string>, DesiredInstance> instance, Action<string> step)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var listen = Listen(listenUrl);
        var before = State();
        var output = connection.Run("start the front door", EnsureScript(listen, before), TimeSpan.FromSeconds(60));
        var values = Values(output);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (word, pid) = (line.Split(' ')[0], line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            switch (word)
            {
                case "moved":
                    step($"stopped the front door on {connection.Host.Target} (process {pid}): it listened on {before?.Listen}, the target's address is now {listen}");
                    break;
                case "unfronted":
                    step($"stopped the app on {connection.Host.Target} (process {pid}) that held the port without a front door; the port is dark until the front door listens");
                    break;
                case "started":
                    AwaitListening(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture), listen);
                    step($"started the front door on {connection.Host.Target} at {listen} (process {pid}, log {connection.Host.Login}:{files.Log}); it listened {clock.Elapsed.TotalSeconds:0.0} s after the restart began");
                    break;
            }
        }

        var essentials = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, key) in new[] { ("PATH", "path"), ("HOME", "home"), ("DOTNET_ROOT", "dotnet_root") })
        {
            if (values.GetValueOrDefault(key) is { Length: > 0 } value)
            {
                essentials[name] = value;
            }
        }

        var desired = instance(values["release"], essentials);
        step($"{connection.Host.Target}: the front door was ready for the request {clock.Elapsed.TotalSeconds:0.0} s after the restart began");
        try
        {
            new FrontDoorRequest(files, new Channel(this)).Switch(desired, health, step);
        }
        catch (InvalidOperationException ex)
        {
            throw new SshStepException(connection.Host, "restart the app", ex.Message, ex);
        }
    }

    /// <summary>Has the front door stop its app by itself at <paramref name="retirement"/>'s time, while it runs that version; null cancels a stop set before.</summary>
    public void RetireAt(Retirement? retirement)
    {
        if (retirement is null)
        {
            connection.Delete("cancel the app's timed stop", files.Retire);
        }
        else
        {
            connection.WriteText("set the app's timed stop", files.Retire, JsonSerializer.Serialize(retirement, FrontDoorFiles.Json));
        }
    }

    /// <summary>What the host's front door and app are doing: the live version, the app's and the front door's ids (empty when not running) and the front door's state.</summary>
    public (string? Live, int? App, int? FrontDoor, FrontDoorState? State) Probe() =>
        ProbeFrom(connection.Run("probe", ProbeScript, TimeSpan.FromSeconds(30)));

    /// <summary>The shell that prints what <see cref="Probe"/> reads, for a command that asks more of the host at once.</summary>
    public string ProbeScript => Functions("echo live=; echo app=; echo frontdoor=; exit 0") + $"""
        link=$(readlink current) || link=""
        echo "live=${"{"}link##*/{"}"}"
        echo "app=$(running shared/app.pid {Q(app.EntryAssembly)})"
        echo "frontdoor=$(running shared/frontdoor.pid {Q(FrontDoorFiles.Assembly)})"
        echo "state:"
        cat shared/frontdoor/state.json 2>/dev/null || true
        """;

    /// <summary>What <see cref="ProbeScript"/> printed, read as <see cref="Probe"/> returns it.</summary>
    public static (string? Live, int? App, int? FrontDoor, FrontDoorState? State) ProbeFrom(string output)
    {
        var split = output.IndexOf("state:\n", StringComparison.Ordinal);
        var values = Values(split < 0 ? output : output[..split]);
        FrontDoorState? state = null;
        if (split >= 0 && output[(split + 7)..].Trim() is { Length: > 0 } json)
        {
            try
            {
                state = JsonSerializer.Deserialize<FrontDoorState>(json, FrontDoorFiles.Json);
            }
            catch (JsonException)
            {
                state = null;
            }
        }

        return (values.GetValueOrDefault("live") is { Length: > 0 } live ? live : null, Id(values, "app"), Id(values, "frontdoor"), state);
    }

    /// <summary>Stops the front door, then the app (SIGTERM, SIGKILL after <paramref name="grace"/>), and forgets the app so a front door started later does not bring it back. Returns whether the app was running.</summary>
    public bool Stop(TimeSpan grace)
    {
        var seconds = Math.Max(1, (int)grace.TotalSeconds);
        var output = connection.Run("stop the app", Functions("exit 0") + $"""
            door=$(running shared/frontdoor.pid {Q(FrontDoorFiles.Assembly)})
            [ -z "$door" ] || stop "$door" {seconds}
            for pid in $(running shared/app.pid {Q(app.EntryAssembly)}); do stop "$pid" {seconds}; echo "stopped $pid"; done
            rm -f shared/app.pid shared/frontdoor/active.json
            """);
        return output.Contains("stopped", StringComparison.Ordinal);
    }

    private FrontDoorState? State()
    {
        try
        {
            return connection.ReadText("read the front door's state", files.State) is { } text ? JsonSerializer.Deserialize<FrontDoorState>(text, FrontDoorFiles.Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The front door binds its address and then writes its state; until then a switch request would wait unanswered.
    private void AwaitListening(int pid, string listen)
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        while (State()?.FrontDoorPid != pid)
        {
            if (DateTime.UtcNow > deadline)
            {
                var tail = connection.Run("read the front door's log", $"tail -n 5 {Q(files.Log)} 2>/dev/null || true").Trim();
                throw new SshStepException(connection.Host, "start the front door", $"the front door (process {pid}) did not start listening on {listen} within {StartDeadline.TotalSeconds:0} s; {files.Log} ends with: {tail}");
            }

            Thread.Sleep(100);
        }
    }

    private string EnsureScript(string listen, FrontDoorState? before)
    {
        var sameAddress = before?.Listen == listen ? "yes" : "no";
        var adoptable = before?.AppPid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
        return Functions($"echo \"{layout.Root}: no such directory; deploy a release first\" >&2; exit 1") + $$"""
            release=$(readlink -f current) || release=""
            [ -n "$release" ] && [ -d "$release" ] || { echo "{{layout.Current}}: no current release to start" >&2; exit 1; }
            echo "release=$release"
            echo "path=$PATH"
            echo "home=${HOME:-}"
            echo "dotnet_root=${DOTNET_ROOT:-}"
            mkdir -p shared/frontdoor shared/logs shared/data || exit 1
            rm -f shared/config/app.env shared/app.pid.next shared/frontdoor/retire.json
            door=$(running shared/frontdoor.pid {{Q(FrontDoorFiles.Assembly)}})
            if [ -n "$door" ] && [ {{sameAddress}} != yes ]; then stop "$door" 10; echo "moved $door"; door=""; fi
            [ -z "$door" ] || exit 0
            app=$(running shared/app.pid {{Q(app.EntryAssembly)}})
            if [ -n "$app" ] && [ "$app" != {{adoptable}} ]; then stop "$app" 10; echo "unfronted $app"; fi
            [ -f "$release/{{FrontDoorFiles.ReleaseDirectory}}/{{FrontDoorFiles.Assembly}}" ] || { echo "$release/{{FrontDoorFiles.ReleaseDirectory}}: no {{FrontDoorFiles.Assembly}} in the release; it was built before releases carried the front door. Build it again with this pipeline." >&2; exit 1; }
            rm -rf shared/frontdoor/bin.next && cp -R "$release/{{FrontDoorFiles.ReleaseDirectory}}" shared/frontdoor/bin.next && rm -rf shared/frontdoor/bin && mv shared/frontdoor/bin.next shared/frontdoor/bin || exit 1
            rm -f shared/frontdoor.pid
            (
              cd shared
              exec env -i PATH="$PATH" HOME="${HOME:-/}" ${DOTNET_ROOT:+DOTNET_ROOT="$DOTNET_ROOT"} DOTNET_NOLOGO=1 setsid sh -c 'echo $$ > "$0"; log="$1"; shift; exec "$@" >> "$log" 2>&1 < /dev/null' {{Q(files.Pid)}} {{Q(files.Log)}} dotnet {{Q(files.Binaries + "/" + FrontDoorFiles.Assembly)}} --shared {{Q(files.Shared)}} --listen {{Q(listen)}}
            ) > /dev/null 2>&1 < /dev/null &
            door=""
            i=0
            while [ $i -lt 200 ]; do door=$(cat shared/frontdoor.pid 2>/dev/null) && [ -n "$door" ] && break; sleep 0.05; i=$((i+1)); done
            [ -n "$door" ] || { echo "the front door did not start; see {{files.Log}}" >&2; exit 1; }
            echo "started $door"
            """;
    }

    // A zombie has exited but is not reaped yet (its parent here may be an init that never reaps): it holds no port.
    private string Functions(string missing) => $$"""
        set -u
        cd {{Q(layout.Root)}} 2>/dev/null || { {{missing}}; }
        alive() { [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" != Z ]; }
        running() { pid=$(cat "$1" 2>/dev/null) || return 0; [ -n "$pid" ] && alive "$pid" && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF "$2" && echo "$pid"; return 0; }
        stop() { kill -TERM "$1" 2>/dev/null || true; n=0; while alive "$1" && [ $n -lt $(($2*20)) ]; do sleep 0.05; n=$((n+1)); done; if alive "$1"; then kill -KILL "$1" 2>/dev/null || true; n=0; while alive "$1" && [ $n -lt 200 ]; do sleep 0.05; n=$((n+1)); done; fi; }

        """;

    private static Dictionary<string, string> Values(string output) =>
        output.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());

    private static int? Id(Dictionary<string, string> values, string key) =>
        int.TryParse(values.GetValueOrDefault(key), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : null;

    private static string Listen(Uri url) => $"{(url.Host is "*" or "+" ? "0.0.0.0" : url.Host)}:{url.Port}";

    private static string Q(string word) => ShellQuote.Of(word);

    private sealed class Channel(RemoteFrontDoor door) : IFrontDoorChannel
    {
        public TimeSpan PollInterval => TimeSpan.FromMilliseconds(100);

        // Each look is a command, which starts the user's login shell on the host (1.3 s of CPU with root's .bashrc
        // on the benchmark's hosts, see bench/fleet-deploy.sh); on a busy host looking every 5 s made the switch slower.
        // The state file, over SFTP and without a shell, is read every PollInterval.
        public TimeSpan LivenessInterval => TimeSpan.FromSeconds(15);

        public string? ReadText(string path) => door.connection.ReadText("read the front door's state", path);

        public void WriteOwnerOnly(string path, string text) => door.connection.WriteText("ask the front door for the release", path, text, mode: 600);

        public string? FrontDoorStopped() => door.Probe().FrontDoor is null ? $"no front door process runs on {door.connection.Host.Target}" : null;
    }
}
