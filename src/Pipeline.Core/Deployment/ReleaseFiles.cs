using Pipeline.Core.Artifacts;

namespace Pipeline.Core.Deployment;

/// <summary>
/// The files of a release on this machine, extracted from its verified artifact into a scratch directory: where the
/// pipeline reads the migrations it runs and the front end it publishes, whatever kind of target the app runs on.
/// </summary>
public sealed class ReleaseFiles : IDisposable
{
    private ReleaseFiles(string version, string directory)
    {
        Version = version;
        Directory = directory;
    }

    public string Version { get; }

    public string Directory { get; }

    public static ReleaseFiles Extract(ArtifactLayout artifact)
    {
        var scratch = System.IO.Directory.CreateTempSubdirectory("pipeline-release-").FullName;
        try
        {
            DeterministicArchive.Extract(artifact.ArchivePath, scratch);
            return new ReleaseFiles(artifact.Version, scratch);
        }
        catch
        {
            System.IO.Directory.Delete(scratch, recursive: true);
            throw;
        }
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
