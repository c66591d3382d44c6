using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Pipeline.Core.Configuration.Model;

public sealed record ServerSettings
{
    [Description("Interface the app listens on.")]
    [ValueFormat(ValueFormat.Host)]
    public required string Host { get; init; }

    [Description("TCP port, 1-65535.")]
    [Range(1, 65535)]
    public required int Port { get; init; }

    [Description("Public address of the app (https outside development).")]
    [ValueFormat(ValueFormat.HttpUrl)]
    public required string BaseUrl { get; init; }
}
