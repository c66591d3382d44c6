using Pipeline.Core.Containers;
using Pipeline.Core.Containers.Scanning;

namespace Pipeline.Core.Tests.ContainerScanning;

public sealed class ImageScanTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-scan-").FullName;

    [Theory]
    [InlineData("2.36-9+deb12u4", "2.36-9+deb12u6", -1)]
    [InlineData("2.36-9+deb12u10", "2.36-9+deb12u6", 1)]
    [InlineData("1:9.2p1-2+deb12u3", "9.9-1", 1)]
    [InlineData("1.0~rc1-1", "1.0-1", -1)]
    [InlineData("1.0-1", "1.0-1", 0)]
    [InlineData("3.0.15-1~deb12u1", "3.0.15-1", -1)]
    [InlineData("1.2a", "1.2", 1)]
    public void Debian_versions_order_as_dpkg_orders_them(string left, string right, int expected) =>
        Assert.Equal(expected, Math.Sign(DebianVersion.Compare(left, right)));

    [Theory]
    [InlineData("8.0.4", "8.0.5", -1)]
    [InlineData("8.0.10", "8.0.5", 1)]
    [InlineData("8.0.5-preview.1", "8.0.5", -1)]
    [InlineData("10.0.3", "10.0.3", 0)]
    public void NuGet_versions_order_numerically_with_pre_releases_first(string left, string right, int expected) =>
        Assert.Equal(expected, Math.Sign(NuGetVersion.Compare(left, right)));

    [Fact]
    public void Dpkg_status_lists_installed_packages_with_their_source_package()
    {
        var status = """
            Package: libc6
            Status: install ok installed
            Source: glibc
            Version: 2.36-9+deb12u4
            Description: GNU C Library
             a continuation line: Version: 9.9

            Package: removed-one
            Status: deinstall ok config-files
            Version: 1.0-1

            Package: bash
            Status: install ok installed
            Version: 5.2.15-2+b2
            """;

        var packages = DpkgStatus.Read(new StringReader(status));

        Assert.Equal(
            [new SbomPackage(PackageEcosystem.Deb, "bash", "5.2.15-2+b2", "bash"), new SbomPackage(PackageEcosystem.Deb, "libc6", "2.36-9+deb12u4", "glibc")],
            packages);
    }

    [Fact]
    public void A_package_below_the_fixed_version_is_a_finding_and_fails_at_or_above_the_threshold()
    {
        IReadOnlyList<SbomPackage> packages =
        [
            new(PackageEcosystem.Deb, "libc6", "2.36-9+deb12u4", "glibc"),
            new(PackageEcosystem.NuGet, "System.Text.Json", "8.0.4"),
            new(PackageEcosystem.NuGet, "Npgsql", "10.0.3"),
        ];
        var list = new VulnerabilityList(new DateOnly(2026, 11, 30),
        [
            new("CVE-A", PackageEcosystem.Deb, "glibc", "2.36-9+deb12u6", Severity.High, "matched through the source package"),
            new("CVE-B", PackageEcosystem.NuGet, "system.text.json", "8.0.5", Severity.Medium, "NuGet names ignore case"),
            new("CVE-C", PackageEcosystem.NuGet, "Npgsql", "10.0.3", Severity.Critical, "fixed in the version installed"),
        ]);

        var findings = ImageScan.Check(packages, list);

        Assert.Equal(["CVE-A", "CVE-B"], findings.Select(f => f.Vulnerability.Id));
        Assert.Equal(["CVE-A"], ImageScan.Failing(findings, Severity.High).Select(f => f.Vulnerability.Id));
        Assert.Equal(2, ImageScan.Failing(findings, Severity.Low).Count);
        Assert.Contains("libc6 2.36-9+deb12u4 is below 2.36-9+deb12u6", findings[0].ToString());
    }

    [Fact]
    public void The_repository_list_loads_and_a_malformed_one_names_its_file_and_the_expected_shape()
    {
        var list = VulnerabilityList.Load(Path.Combine(RepositoryRoot(), "config", "vulnerabilities.json"));
        Assert.NotEmpty(list.Entries);

        var broken = Path.Combine(root, "vulnerabilities.json");
        File.WriteAllText(broken, """{ "checked": "2026-11-30", "entries": [ { "id": "X", "ecosystem": "rpm", "package": "a", "fixedIn": "1", "severity": "high", "summary": "" } ] }""");
        var error = Assert.Throws<ContainerException>(() => VulnerabilityList.Load(broken));
        Assert.Contains(broken, error.Message);
        Assert.Contains("deb|nuGet|dotNet", error.Message);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Pipeline.sln above {AppContext.BaseDirectory}.");
    }
}
