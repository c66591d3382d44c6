namespace Pipeline.Core.Targets.Ssh;

/// <summary>Where a target is reached: the login on the host and the directory its releases live in.</summary>
public sealed record SshHost(string Target, string Host, int Port, string User, string Path)
{
    /// <summary>user@host:port, as every message about this host names it.</summary>
    public string Login => $"{User}@{Host}:{Port}";

    public override string ToString() => $"{Login}:{Path}";
}
