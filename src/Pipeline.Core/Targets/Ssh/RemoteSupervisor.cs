using System.Globalization;
using System.Text;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Targets.Ssh;

/// <summary>
/// The pipeline's own supervisor on a host, as shell run over SSH, doing what <see cref="Deployment.AppSupervisor"/>
/// does locally: the app runs in a session of its own (setsid) with its id in shared/app.pid; a restart starts the
/// new process first (it waits for the port), then stops the old one (SIGTERM, SIGKILL after the grace period).
/// Ids are checked against the process's command line before any signal is sent.
/// </summary>
public sealed class RemoteSupervisor(RemoteLayout layout, AppDefinition app)
{
    private const int PortWaitSeconds = 30;

    /// <summary>Starts the app from current listening on <paramref name="listenUrl"/>; prints "started PID" and "stopped PID" lines.</summary>
    public string RestartScript(Uri listenUrl)
    {
        var environment = new StringBuilder();
        foreach (var (name, value) in app.Environment(layout.DataDirectory, PortWaitSeconds))
        {
            environment.Append(CultureInfo.InvariantCulture, $"export {name}={ShellQuote.Of(value)}\n");
        }

        return Functions(missing: $"echo \"{layout.Root}: no such directory; deploy a release first\" >&2; exit 1") + $$"""
            release=$(readlink -f current) || true
            [ -n "$release" ] && [ -d "$release" ] || { echo "{{layout.Current}}: no current release to start" >&2; exit 1; }
            old="$(running shared/app.pid) $(running shared/app.pid.next)"
            mkdir -p shared/data shared/logs
            rm -f shared/app.pid.next
            (
              if [ -f shared/config/app.env ]; then set -a; . ./shared/config/app.env; set +a; fi
            {{environment}}  cd "$release"
              exec setsid sh -c 'echo $$ > "$0"; log="$1"; shift; exec "$@" >> "$log" 2>&1 < /dev/null' {{ShellQuote.Of(layout.NextPidFile)}} {{ShellQuote.Of(layout.LogFile)}} dotnet {{ShellQuote.Of(app.EntryAssembly)}} --urls {{ShellQuote.Of(listenUrl.ToString().TrimEnd('/'))}}
            ) > /dev/null 2>&1 < /dev/null &
            new=""
            i=0
            while [ $i -lt 200 ]; do new=$(running shared/app.pid.next); [ -n "$new" ] && break; sleep 0.05; i=$((i+1)); done
            [ -n "$new" ] || { echo "the app did not start; see {{layout.LogFile}}" >&2; exit 1; }
            echo "started $new"
            for pid in $old; do [ "$pid" = "$new" ] || { stop "$pid" 10; echo "stopped $pid"; }; done
            mv -f shared/app.pid.next shared/app.pid
            """;
    }

    /// <summary>Stops every app process of this root; prints "stopped PID" for each.</summary>
    public string StopScript(TimeSpan grace) => Functions(missing: "exit 0") + $$"""
        for pid in $(running shared/app.pid) $(running shared/app.pid.next); do stop "$pid" {{Math.Max(1, (int)grace.TotalSeconds)}}; echo "stopped $pid"; done
        rm -f shared/app.pid shared/app.pid.next
        """;

    /// <summary>Prints "live=VERSION" and "pid=PID" (either may be empty).</summary>
    public string ProbeScript() => Functions(missing: "echo live=; echo pid=; exit 0") + """
        link=$(readlink current) || link=""
        echo "live=${link##*/}"
        echo "pid=$(running shared/app.pid)$(running shared/app.pid.next)"
        """;

    // A zombie has exited but is not reaped yet (its parent here may be an init that never reaps): it holds no port.
    private string Functions(string missing) => $$"""
        set -u
        cd {{ShellQuote.Of(layout.Root)}} 2>/dev/null || { {{missing}}; }
        alive() { [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" != Z ]; }
        running() { pid=$(cat "$1" 2>/dev/null) || return 0; [ -n "$pid" ] && alive "$pid" && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF {{ShellQuote.Of(app.EntryAssembly)}} && echo "$pid"; return 0; }
        stop() { kill -TERM "$1" 2>/dev/null || true; n=0; while alive "$1" && [ $n -lt $(($2*20)) ]; do sleep 0.05; n=$((n+1)); done; if alive "$1"; then kill -KILL "$1" 2>/dev/null || true; n=0; while alive "$1" && [ $n -lt 200 ]; do sleep 0.05; n=$((n+1)); done; fi; }

        """;
}
