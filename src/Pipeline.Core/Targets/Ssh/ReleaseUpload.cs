using Pipeline.Core.Artifacts;

namespace Pipeline.Core.Targets.Ssh;

/// <summary>
/// Puts a verified artifact on a host as releases/&lt;version&gt;/: uploaded into a partial file, its sha256 checked on the
/// host, unpacked into a partial directory and renamed into place, so a release is there whole or not at all. A
/// release already unpacked from the same archive (its stamp names the digest) is reused and nothing is sent.
/// </summary>
public sealed class ReleaseUpload(SshConnection connection, RemoteLayout layout)
{
    /// <summary>True when the archive was sent and unpacked; false when the same release was already there.</summary>
    public bool Put(ArtifactLayout artifact, string sha256, Action<string> step)
    {
        var version = artifact.Version;
        var release = layout.Release(version);
        var partial = $"{layout.Releases}/{RemoteLayout.PartialPrefix}{version}";
        var existing = connection.Run("prepare the release directory", $"""
            set -eu
            mkdir -p {Q(layout.Releases)} {Q(layout.Shared + "/config")} {Q(layout.DataDirectory)} {Q(layout.Shared + "/logs")}
            cd {Q(layout.Releases)}
            for leftover in {RemoteLayout.PartialPrefix}*; do [ -e "$leftover" ] && rm -rf "$leftover" && echo "leftover $leftover"; done
            if [ -d {Q(version)} ]; then echo "stamp $(cat {Q(version)}/{RemoteLayout.ArchiveStamp} 2>/dev/null || echo '(unknown)')"; fi
            true
            """);
        foreach (var leftover in Lines(existing, "leftover "))
        {
            step($"removed {layout.Releases}/{leftover} on {connection.Host.Target}, left by an interrupted run");
        }

        if (Lines(existing, "stamp ").FirstOrDefault() is { } stamp)
        {
            return stamp == sha256
                ? Reused(step, release)
                : throw new SshStepException(connection.Host, "prepare the release directory",
                    $"{release} was unpacked from another archive (sha256 {stamp}) than {artifact.ArchiveName} ({sha256}); a version is immutable: build the change as a new version.");
        }

        var upload = $"{partial}.tar.gz";
        var sentBefore = connection.BytesSent;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var archive = File.OpenRead(artifact.ArchivePath))
        {
            connection.Upload("upload the artifact", archive, upload);
        }

        step($"sent {artifact.ArchiveName} to {connection.Host.Target} ({connection.BytesSent - sentBefore:N0} bytes) in {Seconds(clock)}");
        clock.Restart();
        connection.Run("check and unpack the artifact", $"""
            set -eu
            cd {Q(layout.Releases)}
            actual=$(sha256sum {Q(upload)} | cut -d' ' -f1)
            if [ "$actual" != {Q(sha256)} ]; then rm -f {Q(upload)}; echo "sha256 of the uploaded archive is $actual, expected {sha256}; nothing was unpacked" >&2; exit 3; fi
            mkdir {Q(partial)}
            tar -xzf {Q(upload)} -C {Q(partial)}
            rm -f {Q(upload)} {Q(partial + "/appsettings.json")}
            ln -s ../../shared/config/appsettings.json {Q(partial + "/appsettings.json")}
            printf '%s' {Q(sha256)} > {Q(partial + "/" + RemoteLayout.ArchiveStamp)}
            mv -T {Q(partial)} {Q(release)}
            """);
        step($"checked sha256 {sha256[..12]}... on {connection.Host.Target} and unpacked it into {release} in {Seconds(clock)}");
        return true;
    }

    private static string Seconds(System.Diagnostics.Stopwatch clock) => $"{clock.Elapsed.TotalSeconds:0.0} s";

    private static bool Reused(Action<string> step, string release)
    {
        step($"release {release} is already unpacked from the same archive; reusing it (0 bytes sent)");
        return false;
    }

    private static IEnumerable<string> Lines(string output, string prefix) =>
        output.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..].Trim());

    private static string Q(string word) => ShellQuote.Of(word);
}
