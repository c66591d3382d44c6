using System.ComponentModel;

namespace Pipeline.Core.Configuration.Model;

public enum RouterKind
{
    /// <summary>HAProxy, changed through its runtime API over the admin socket; no reload.</summary>
    Haproxy,
}

/// <summary>The load balancer in front of the application targets, and which of its servers is which target.</summary>
public sealed record RouterSettings
{
    [Description("haproxy: changed through its runtime API (stats socket ... level admin), with no reload.")]
    public RouterKind Kind { get; init; } = RouterKind.Haproxy;

    [Description("Haproxy only: the path of its admin socket, as its \"stats socket PATH level admin\" line names it.")]
    public string? AdminSocket { get; init; }

    [Description("The backend whose servers are the application targets.")]
    public string? Backend { get; init; }

    [Description("Application target name -> the name of its server in the backend; every local and ssh target has one.")]
    public IReadOnlyDictionary<string, string> Servers { get; init; } = new Dictionary<string, string>();
}
