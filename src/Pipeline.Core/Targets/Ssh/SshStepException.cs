namespace Pipeline.Core.Targets.Ssh;

/// <summary>A step on a host that failed: the message names the target, user, host, port and the step. An I/O error, so clean-up that fails on one host is retried on the next deploy instead of failing the run.</summary>
public sealed class SshStepException(SshHost host, string step, string reason, Exception? inner = null)
    : IOException($"target {host.Target} (ssh {host.Login}), step \"{step}\": {reason}", inner)
{
    public SshHost Host => host;

    public string Step => step;
}
