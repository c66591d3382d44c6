namespace Pipeline.Core.Targets.Ssh;

/// <summary>A step on a host that failed: the message names the target, user, host, port and the step.</summary>
public sealed class SshStepException(SshHost host, string step, string reason, Exception? inner = null)
    : Exception($"target {host.Target} (ssh {host.Login}), step \"{step}\": {reason}", inner)
{
    public SshHost Host => host;

    public string Step => step;
}
