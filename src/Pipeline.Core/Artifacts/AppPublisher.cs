using Pipeline.Core.Processes;

namespace Pipeline.Core.Artifacts;

/// <summary>
/// dotnet publish of the app, reproducibly (deterministic, source paths mapped), with its version stamped in, and of
/// the front door that runs it on every host into the release's frontdoor/ directory.
/// </summary>
public sealed class AppPublisher(ICommandRunner runner, string root)
{
    public string FrontDoorProject => Path.Combine(root, "src", "Pipeline.FrontDoor", "Pipeline.FrontDoor.csproj");

    public async Task PublishAsync(string appProject, string output, string informationalVersion, Action<string> progress, CancellationToken cancellationToken = default)
    {
        await PublishProjectAsync(appProject, output, informationalVersion, progress, cancellationToken).ConfigureAwait(false);
        await PublishProjectAsync(FrontDoorProject, Path.Combine(output, FrontDoor.FrontDoorFiles.ReleaseDirectory), informationalVersion, progress, cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishProjectAsync(string project, string output, string informationalVersion, Action<string> progress, CancellationToken cancellationToken)
    {
        var publish = new Command("dotnet", [
            "publish", project,
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
            throw new InvalidOperationException($"dotnet publish of {project} failed with exit code {result.ExitCode}; its output is above.");
        }
    }
}
