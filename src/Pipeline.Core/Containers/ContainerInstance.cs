using Pipeline.Core.FrontDoor;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Containers;

/// <summary>
/// The instance a container target's front door starts: <c>docker run</c>, attached, of the image pulled by digest,
/// with the host's network on the private port the front door picks, the target's settings and data mounted. The attached client lives exactly as long as the container and passes the front door's SIGTERM on
/// to it, so the front door supervises, drains and stops the container as it does an app process.
/// </summary>
public sealed record ContainerInstance(string Target, string Socket, string SettingsFile, string DataDirectory, int UserId)
{
    public const string LabelKey = "io.pipeline.target";

    /// <summary>The label every container of this target carries (key=value).</summary>
    public string TargetLabel => $"{LabelKey}={Target}";

    /// <summary>What every container of this target has in its name (and on its client's command line).</summary>
    public string NamePrefix => $"pipeline-{Target}-";

    /// <summary>
    /// The front door's request for <paramref name="version"/> from <paramref name="image"/>. The secrets' names are on
    /// docker's command line, their values only in the client's environment (desired.json, readable by its owner).
    /// The settings file is mounted when <paramref name="withSettings"/> (it exists where the engine runs).
    /// </summary>
    public DesiredInstance Desired(string version, string release, string image, IReadOnlyDictionary<string, string> essentials, IReadOnlyDictionary<string, string> secrets, bool withSettings)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var run = new DockerRunSettings
        {
            Image = image,
            Name = NamePrefix + FrontDoorFiles.PortPlaceholder,
            Detach = false,
            PullNever = true,
            Network = "host",
        };
        run.VisibleEnvironment[AppImageLayout.HostVariable] = "127.0.0.1";
        run.VisibleEnvironment[AppImageLayout.PortVariable] = FrontDoorFiles.PortPlaceholder;
        run.VisibleEnvironment[AppDefinition.TradingApp.DataDirectoryVariable] = AppImageLayout.DataDirectory;
        run.VisibleEnvironment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in secrets)
        {
            run.ContainerEnvironment[name] = value;
        }

        run.Labels[LabelKey] = Target;
        run.Mounts.Add(new DockerMount(DataDirectory, AppImageLayout.DataDirectory, ReadOnly: false));
        if (withSettings)
        {
            run.Mounts.Add(new DockerMount(SettingsFile, $"{AppImageLayout.App}/{AppDefinition.TradingApp.SettingsFile}", ReadOnly: true));
        }

        var environment = new Dictionary<string, string>(essentials, StringComparer.Ordinal) { [DockerSettings.HostVariable] = $"unix://{Socket}" };
        foreach (var (name, value) in secrets)
        {
            environment[name] = value;
        }

        return new DesiredInstance
        {
            Serial = 0,
            Version = version,
            Release = release,
            Program = "docker",
            Arguments = run.Arguments(),
            Environment = environment,
            EntryAssembly = NamePrefix,
        };
    }
}
