using Pipeline.Core.FrontDoor;

namespace Pipeline.FrontDoor;

/// <summary>An app process the front door started (or adopted), listening on a private loopback port.</summary>
internal sealed record Instance(int Pid, int Port, DesiredInstance Spec)
{
    public string Address => $"127.0.0.1:{Port}";

    public override string ToString() => $"{Spec.Version} (process {Pid}, {Address})";
}
