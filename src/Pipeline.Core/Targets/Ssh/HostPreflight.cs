using System.Globalization;
using Pipeline.Core.Artifacts;

namespace Pipeline.Core.Targets.Ssh;

/// <summary>
/// Checks one host before anything is sent to any host: the SSH and SFTP sessions open (host key and login
/// accepted), the target path (or the directory it would be created in) is writable, and the file system of
/// releases/ (where the archive lands and is unpacked; of the path before the first deploy) has room for the archive
/// and the unpacked release unless the same release is already there. Writes nothing.
/// </summary>
public sealed class HostPreflight(SshConnection connection, RemoteLayout layout)
{
    private const string AlsoRunMarker = "--- also:";

    /// <summary>
    /// Throws <see cref="SshStepException"/> when the host cannot take the release. <paramref name="alsoRun"/> is a
    /// script run in the same command, in a subshell of its own, after the checks; returns what it printed.
    /// </summary>
    public string Check(ArtifactLayout artifact, string sha256, long unpackedBytes, Action<string> step, string alsoRun = "true")
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        connection.Open("connect");
        var connected = clock.Elapsed.TotalSeconds;
        var release = layout.Release(artifact.Version);
        var output = connection.Run("check the target path", $$"""
            set -u
            dir={{Q(layout.Root)}}
            while [ ! -d "$dir" ]; do dir=$(dirname "$dir"); done
            for d in "$dir" {{Q(layout.Releases)}} {{Q(layout.Shared)}} {{Q(layout.Shared + "/config")}}; do
              if [ -d "$d" ] && ! [ -w "$d" ]; then echo "Permission denied: $d is not writable by $(id -un)" >&2; exit 4; fi
            done
            space="$dir"
            [ -d {{Q(layout.Releases)}} ] && space={{Q(layout.Releases)}}
            echo "base=$space"
            echo "stamp=$(cat {{Q(release + "/" + RemoteLayout.ArchiveStamp)}} 2>/dev/null)"
            echo "free=$(df -Pk "$space" | awk 'NR==2 {print $4}')"
            echo "{{AlsoRunMarker}}"
            (
            {{alsoRun}}
            )
            """, TimeSpan.FromSeconds(30));
        var marker = output.IndexOf(AlsoRunMarker + "\n", StringComparison.Ordinal);
        var alsoPrinted = marker < 0 ? string.Empty : output[(marker + AlsoRunMarker.Length + 1)..];
        output = marker < 0 ? output : output[..marker];
        var values = output.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
        if (values.GetValueOrDefault("stamp") == sha256)
        {
            step($"{connection.Host.Target}: reachable, release {artifact.Version} already there from the same archive (connected in {connected:0.0} s, checked in {clock.Elapsed.TotalSeconds:0.0} s)");
            return alsoPrinted;
        }

        var needed = new FileInfo(artifact.ArchivePath).Length + unpackedBytes;
        if (!long.TryParse(values.GetValueOrDefault("free"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var freeKib))
        {
            throw new SshStepException(connection.Host, "check free disk", $"df printed no free space for {values.GetValueOrDefault("base")}");
        }

        if (freeKib * 1024 < needed)
        {
            throw new SshStepException(connection.Host, "check free disk",
                $"disk full: {freeKib * 1024:N0} bytes free under {values.GetValueOrDefault("base")}, the release needs {needed:N0} (archive and unpacked files)");
        }

        step($"{connection.Host.Target}: reachable as {connection.Host.Login}, {layout.Root} writable, {freeKib * 1024:N0} bytes free for {needed:N0} (connected in {connected:0.0} s, checked in {clock.Elapsed.TotalSeconds:0.0} s)");
        return alsoPrinted;
    }

    private static string Q(string word) => ShellQuote.Of(word);
}
