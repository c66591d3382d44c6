using Pipeline.Core.Containers.Scanning;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Containers;

/// <summary>What the Image target did: the image, the scan's findings, where its SBOM is, and where it was pushed.</summary>
public sealed record ImageResult(BuiltImage Image, IReadOnlyList<Finding> Findings, string SbomPath, PushResult? Pushed);

/// <summary>
/// The Image target's work: assemble the image of an artifact, write its SBOM, scan it against the vulnerability
/// list, and only when no finding reaches the configured severity push it to the environment's registry by digest.
/// </summary>
public sealed class ImageService(ImageAssembler assembler, BaseImageCache baseImage, HttpClient http)
{
    /// <summary>The app's dependency list inside the artifact.</summary>
    public string AppDepsFile { get; init; } = Path.ChangeExtension(AppDefinition.TradingApp.EntryAssembly, ".deps.json");

    /// <summary>What <see cref="RunAsync"/> would do, one line a step; changes nothing.</summary>
    public IReadOnlyList<string> Plan(ImageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = request.Settings;
        return
        [
            File.Exists(baseImage.RootfsArchive)
                ? $"base layer: Debian from the cache {baseImage.Directory}"
                : $"base layer: made with debootstrap (minutes, once per machine) into {baseImage.Directory}",
            $"runtime layer: .NET {RuntimeLayer.Version} at {RuntimeLayer.ImageRoot}",
            $"app layer: {request.Artifact.ArchiveName} unpacked at {AppImageLayout.App} and whole at {AppImageLayout.Artifact}, checked against {request.Artifact.ManifestPath}",
            $"labels: org.opencontainers.image.version={request.Artifact.Version}, revision={request.Source.Revision}, created={request.Source.Created.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (the commit's time), source={request.Source.Url}",
            $"scan: SBOM into {Path.Combine(ImageAssembler.ImageDirectory(request.Artifact), Sbom.FileName)}, checked against {request.VulnerabilityList}; a finding of {settings.FailOnSeverity.ToString().ToLowerInvariant()} or worse fails",
            settings.Registry is null
                ? "push: none (deployment.image.registry is not set)"
                : $"push: {settings.Registry}/{settings.Repository} by digest, tagged {request.Artifact.Version}",
        ];
    }

    public async Task<ImageResult> RunAsync(ImageRequest request, Action<string> step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(step);
        var vulnerabilities = VulnerabilityList.Load(request.VulnerabilityList);
        var image = assembler.Assemble(request.Artifact, request.Source, step, cancellationToken);

        var sbom = Sbom.Read(baseImage.RootfsArchive, request.Artifact.ArchivePath, AppDepsFile, RuntimeLayer.Version);
        var sbomPath = Path.Combine(ImageAssembler.ImageDirectory(request.Artifact), Sbom.FileName);
        sbom.Write(sbomPath);
        var counts = sbom.Packages.GroupBy(p => p.Ecosystem).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        step($"SBOM: {string.Join(", ", counts)} packages in {sbomPath}");

        var findings = ImageScan.Check(sbom.Packages, vulnerabilities);
        step($"scan: {findings.Count} finding(s) against {vulnerabilities.Entries.Count} advisories of {request.VulnerabilityList} (checked {vulnerabilities.Checked:yyyy-MM-dd})");
        foreach (var finding in findings)
        {
            step($"  {finding}");
        }

        var failing = ImageScan.Failing(findings, request.Settings.FailOnSeverity);
        if (failing.Count > 0)
        {
            throw new ContainerException(
                $"The image of {image.Version} has {failing.Count} finding(s) of {request.Settings.FailOnSeverity.ToString().ToLowerInvariant()} severity or worse " +
                $"(deployment.image.failOnSeverity); it was not pushed: {string.Join("; ", failing)}. Update the packages, or the list in {request.VulnerabilityList} if an advisory is wrong.");
        }

        PushResult? pushed = null;
        if (request.Settings.Registry is { } registry)
        {
            pushed = await new RegistryClient(http, RegistryClient.Address(registry))
                .PushAsync(image, request.Settings.Repository, step, cancellationToken)
                .ConfigureAwait(false);
            pushed.Save(request.Artifact);
        }
        else
        {
            step("not pushed: deployment.image.registry is not set for this environment");
        }

        return new ImageResult(image, findings, sbomPath, pushed);
    }
}
