using Pipeline.Core.Databases.MongoDb;

namespace Pipeline.Core.Tests.MongoDb;

/// <summary>
/// Fake mongodump and mongorestore: one bash script under both names that appends its command line to
/// calls.log, prints the lines it was given to stderr (where the real tools log), copies a prepared archive
/// to mongodump's --archive, and exits with the code it was given. The scripts are written once, up front;
/// behaviour lives in files beside them, so no script is rewritten while another test may be starting processes.
/// </summary>
public sealed class FakeMongoTools : IDisposable
{
    public FakeMongoTools()
    {
        Root = Directory.CreateTempSubdirectory("pipeline-fake-mongo-").FullName;
        var script = $$"""
            #!/bin/bash
            dir='{{Root}}'
            tool="$(basename "$0")"
            echo "$tool $*" >> "$dir/calls.log"
            if [ "$tool" = mongodump ] && [ -f "$dir/archive.src" ]; then
              for arg in "$@"; do
                case "$arg" in --archive=*) cp "$dir/archive.src" "${arg#--archive=}" ;; esac
              done
            fi
            if [ -f "$dir/$tool.out" ]; then cat "$dir/$tool.out" >&2; fi
            if [ -f "$dir/$tool.sleep" ]; then sleep "$(cat "$dir/$tool.sleep")"; fi
            if [ -f "$dir/$tool.exit" ]; then exit "$(cat "$dir/$tool.exit")"; fi
            exit 0
            """;
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The fake MongoDB tools are bash scripts.");
        }

        foreach (var path in new[] { DumpPath, RestorePath })
        {
            File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Root { get; }

    public string DumpPath => Path.Combine(Root, "mongodump");

    public string RestorePath => Path.Combine(Root, "mongorestore");

    /// <summary>Every command line the fakes were run with, "tool arg1 arg2 ...", oldest first.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            var log = Path.Combine(Root, "calls.log");
            return File.Exists(log) ? File.ReadAllLines(log) : [];
        }
    }

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>The next runs of <paramref name="tool"/> print <paramref name="output"/> and exit with <paramref name="exitCode"/>.</summary>
    public void Behave(string tool, int exitCode, params string[] output)
    {
        File.WriteAllLines(Path.Combine(Root, tool + ".out"), output);
        File.WriteAllText(Path.Combine(Root, tool + ".exit"), exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The next runs of <paramref name="tool"/> hang for <paramref name="seconds"/> after printing their output.</summary>
    public void Hang(string tool, int seconds) =>
        File.WriteAllText(Path.Combine(Root, tool + ".sleep"), seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The archive the fake mongodump "writes" to its --archive path.</summary>
    public void DumpWrites(byte[] archive) => File.WriteAllBytes(Path.Combine(Root, "archive.src"), archive);

    public MongoDbEngine Engine(string uri, bool dumpHasOplog = false) =>
        new(new MongoDbEngineOptions { Uri = uri, Database = "app", DumpHasOplog = dumpHasOplog, MongoDumpPath = DumpPath, MongoRestorePath = RestorePath });

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
