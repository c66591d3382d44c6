namespace Pipeline.Core.Containers.Scanning;

/// <summary>Where a package comes from: Debian's dpkg database, the app's NuGet dependencies, or the .NET runtime itself.</summary>
public enum PackageEcosystem
{
    Deb,
    NuGet,
    DotNet,
}

/// <summary>One package in the image: what it is, its version, and its Debian source package when it has one.</summary>
public sealed record SbomPackage(PackageEcosystem Ecosystem, string Name, string Version, string? SourcePackage = null)
{
    /// <summary>The package URL (purl) naming it in the SBOM.</summary>
    public string Purl => Ecosystem switch
    {
        PackageEcosystem.Deb => $"pkg:deb/debian/{Name}@{Uri.EscapeDataString(Version)}?arch=amd64",
        PackageEcosystem.NuGet => $"pkg:nuget/{Name}@{Version}",
        _ => $"pkg:generic/{Name}@{Version}",
    };
}
