using System.Text.Json;

namespace Pipeline.Core.FrontDoor;

/// <summary>
/// Where a target's front door and the app instances it runs keep their files, all under the target's shared/
/// directory, and how they are read. The pipeline writes <see cref="DesiredInstance"/>; the front door writes
/// <see cref="FrontDoorState"/> back. Each file is replaced whole (a temporary file renamed over it), so a shell
/// over SSH can drive a front door as well as this code can.
/// </summary>
public sealed class FrontDoorFiles(string shared)
{
    /// <summary>The front door's entry assembly, inside a release and inside <see cref="Binaries"/>.</summary>
    public const string Assembly = "Pipeline.FrontDoor.dll";

    /// <summary>The directory of a release the front door is published into.</summary>
    public const string ReleaseDirectory = "frontdoor";

    /// <summary>Replaced in <see cref="DesiredInstance.Arguments"/> by the private port an instance listens on.</summary>
    public const string PortPlaceholder = "{port}";

    public string Shared { get; } = Path.GetFullPath(shared);

    /// <summary>What the pipeline asks for: the release and how to start it. Written by the pipeline only.</summary>
    public string Desired => Path.Combine(Shared, "frontdoor", "desired.json");

    /// <summary>What the front door did and what serves now. Written by the front door only.</summary>
    public string State => Path.Combine(Shared, "frontdoor", "state.json");

    /// <summary>How the instance that serves was started, so the front door restarts the same release when it dies.</summary>
    public string Active => Path.Combine(Shared, "frontdoor", "active.json");

    /// <summary>When the app is to be stopped by the front door itself (<see cref="Retirement"/>). Written by the pipeline only.</summary>
    public string Retire => Path.Combine(Shared, "frontdoor", "retire.json");

    /// <summary>The front door's own copy of its binaries, so clean-up of the release it came from cannot pull them away.</summary>
    public string Binaries => Path.Combine(Shared, "frontdoor", "bin");

    public string Pid => Path.Combine(Shared, "frontdoor.pid");

    public string Log => Path.Combine(Shared, "logs", "frontdoor.log");

    /// <summary>The instance that takes traffic.</summary>
    public string AppPid => Path.Combine(Shared, "app.pid");

    public string AppLog => Path.Combine(Shared, "logs", "app.log");

    /// <summary>The id file of an instance while it starts, before it takes traffic.</summary>
    public string StartingPid(int port) => Path.Combine(Shared, "frontdoor", $"instance-{port}.pid");

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The file read as <typeparamref name="T"/>; null when it does not exist or cannot be read as one (the reason in <paramref name="problem"/>).</summary>
    public static T? Read<T>(string path, out string? problem)
        where T : class
    {
        problem = null;
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            problem = $"{path}: {ex.Message}";
            return null;
        }
    }
}
