using Pipeline.Core.Processes;

namespace Pipeline.Core.Artifacts;

/// <summary>dotnet publish of the app, reproducibly (deterministic, source paths mapped), with its version stamped in.</summary>
public sealed class AppPublisher(ICommandRunner runner, string root)
{
    public async Task PublishAsync(string appProject, string output, string informationalVersion, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var publish = new Command("dotnet", [
            "publish", appProject,
            "--configuration", "Release",
            "--output", output,

            // The servers run Linux on x64; a portable publish would carry SQLite's native library for every platform.
            "--runtime", "linux-x64",
            "--self-contained", "false",
            "--nologo",
            $"-p:InformationalVersion={informationalVersion}",
            "-p:IncludeSourceRevisionInInformationalVersion=false",
            "-p:ContinuousIntegrationBuild=true",
            "-p:Deterministic=true",
        ], root);
        progress($"publish: {publish}");
        var result = await runner.RunAsync(publish, progress, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of {appProject} failed with exit code {result.ExitCode}; its output is above.");
        }
    }
}
