namespace Pipeline.Core.Containers.Scanning;

/// <summary>A package of the image below the version that fixes an advisory.</summary>
public sealed record Finding(Vulnerability Vulnerability, SbomPackage Package)
{
    public override string ToString() =>
        $"{Vulnerability.Id} ({Vulnerability.Severity.ToString().ToLowerInvariant()}): {Package.Name} {Package.Version} is below {Vulnerability.FixedIn}: {Vulnerability.Summary}";
}

/// <summary>Matches the image's packages against the vulnerability list.</summary>
public static class ImageScan
{
    public static IReadOnlyList<Finding> Check(IReadOnlyList<SbomPackage> packages, VulnerabilityList list)
    {
        ArgumentNullException.ThrowIfNull(packages);
        ArgumentNullException.ThrowIfNull(list);
        return [.. from vulnerability in list.Entries
                   from package in packages
                   where package.Ecosystem == vulnerability.Ecosystem && Names(package, vulnerability.Package) && Below(package, vulnerability.FixedIn)
                   orderby vulnerability.Severity descending, vulnerability.Id, package.Name
                   select new Finding(vulnerability, package)];
    }

    /// <summary>The findings at or above <paramref name="threshold"/>: these fail the Image target.</summary>
    public static IReadOnlyList<Finding> Failing(IReadOnlyList<Finding> findings, Severity threshold) =>
        [.. findings.Where(f => f.Vulnerability.Severity >= threshold)];

    private static bool Names(SbomPackage package, string name) =>
        package.Ecosystem == PackageEcosystem.NuGet
            ? string.Equals(package.Name, name, StringComparison.OrdinalIgnoreCase)
            : package.Name == name || package.SourcePackage == name;

    private static bool Below(SbomPackage package, string fixedIn) =>
        package.Ecosystem == PackageEcosystem.Deb
            ? DebianVersion.Compare(package.Version, fixedIn) < 0
            : NuGetVersion.Compare(package.Version, fixedIn) < 0;
}
