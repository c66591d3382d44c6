using Cake.Core.IO;
using Cake.Core.Packaging;

namespace Pipeline.Frosting.Tests;

/// <summary>Installs <c>fake:</c> tools by writing one file into the directory the host asks for.</summary>
internal sealed class FakePackageInstaller(IFileSystem fileSystem, ExecutionLog log) : IPackageInstaller
{
    public const string ToolFile = "fake-tool.exe";

    public bool CanInstall(PackageReference package, PackageType type) => package.Scheme == "fake" && type == PackageType.Tool;

    public IReadOnlyCollection<IFile> Install(PackageReference package, PackageType type, DirectoryPath path)
    {
        log.Entries.Add($"install {package.Package} into {path.FullPath}");
        var directory = path.Combine(package.Package);
        fileSystem.GetDirectory(directory).Create();
        var file = fileSystem.GetFile(directory.CombineWithFilePath(ToolFile));
        using (file.OpenWrite())
        {
        }

        return [file];
    }
}
