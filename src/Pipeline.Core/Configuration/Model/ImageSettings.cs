using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Containers.Scanning;

namespace Pipeline.Core.Configuration.Model;

/// <summary>The app's container image: where the Image target pushes it and what its scan lets through.</summary>
public sealed record ImageSettings
{
    /// <summary>host:port, without a scheme or path; validation and the schema use the same pattern.</summary>
    public const string RegistryPattern = "^[A-Za-z0-9.-]+(:[0-9]{1,5})?$";

    [Description("The registry the image is pushed to, as host:port (e.g. 127.0.0.1:5000); plain HTTP on loopback, HTTPS elsewhere. Omitted: the image is built and scanned, not pushed.")]
    [RegularExpression(RegistryPattern)]
    public string? Registry { get; init; }

    [Description("The repository in the registry (default trading-app).")]
    public string Repository { get; init; } = "trading-app";

    [Description("The repository's address, written into the image's org.opencontainers.image.source label.")]
    [ValueFormat(ValueFormat.AbsoluteUri)]
    public required string Source { get; init; }

    [Description("The lowest severity (low, medium, high, critical) of a finding of the image scan that fails the Image target; default high.")]
    public Severity FailOnSeverity { get; init; } = Severity.High;
}
