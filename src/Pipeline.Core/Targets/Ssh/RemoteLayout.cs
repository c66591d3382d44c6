namespace Pipeline.Core.Targets.Ssh;

/// <summary>
/// The same layout on a host as the local target's (<see cref="Deployment.ReleaseServer"/>): releases/&lt;version&gt;/,
/// current, and shared/ (config, data, logs, the front door's files); every path the pipeline writes is under the root.
/// </summary>
public sealed record RemoteLayout(string Root)
{
    public const string PartialPrefix = ".partial-";
    public const string ArchiveStamp = ".archive-sha256";

    public string Releases => $"{Root}/releases";

    public string Current => $"{Root}/current";

    public string Shared => $"{Root}/shared";

    public string SettingsFile => $"{Shared}/config/appsettings.json";

    public string DataDirectory => $"{Shared}/data";

    public string LogFile => $"{Shared}/logs/app.log";

    public string Release(string version) => $"{Releases}/{version}";
}
