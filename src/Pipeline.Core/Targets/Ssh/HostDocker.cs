using System.Text.Json;
using Pipeline.Core.Containers;

namespace Pipeline.Core.Targets.Ssh;

/// <summary>
/// The docker client on a host reached over SSH, given the words this machine's docker tools build
/// (<see cref="DockerPullTool"/>, <see cref="DockerListTool"/>...), each quoted for the host's shell so nothing from
/// configuration or the registry is read by it, with DOCKER_HOST set to the engine's socket there.
/// </summary>
public sealed class HostDocker(SshConnection connection, string socket)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public void Pull(string reference) => Run("pull the image", DockerPullTool.Arguments(reference));

    /// <summary>The image's inspect document; an error when the engine does not have it.</summary>
    public JsonElement Image(string reference) =>
        DockerInspectTool.Document(Run("inspect the image", DockerInspectTool.Arguments("image", reference)).Split('\n'));

    /// <summary>The ids of the containers labelled <paramref name="label"/> in any of <paramref name="states"/>.</summary>
    public IReadOnlyList<string> Ids(string label, IReadOnlyList<string> states) =>
        DockerListTool.IdsIn(Run("list the target's containers", DockerListTool.Arguments(label, states)).Split('\n'));

    /// <summary>Removes a container that is not running.</summary>
    public void Remove(string id) => Run("remove a stopped container", DockerRemoveTool.RemoveWords(id));

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>, then removes the container.</summary>
    public void StopAndRemove(string id, TimeSpan grace)
    {
        Run("stop a container", DockerRemoveTool.StopWords(id, grace));
        Run("remove a container", DockerRemoveTool.RemoveWords(id));
    }

    /// <summary>Removes <paramref name="image"/> from the engine; one it no longer has counts as removed, one a container uses throws.</summary>
    public void RemoveImage(string image)
    {
        var run = connection.TryRun("remove an image", Command(DockerImageRemoveTool.Arguments(image)), Timeout);
        if (!run.Succeeded && !DockerImageRemoveTool.NoSuchImage(run.Errors))
        {
            throw new ContainerException($"docker image rm {image} on {connection.Host.Login} exited with code {run.ExitCode}: {run.ErrorSummary()}");
        }
    }

    private string Run(string step, IReadOnlyList<string> words) => connection.Run(step, Command(words), Timeout);

    private string Command(IReadOnlyList<string> words) =>
        $"DOCKER_HOST={ShellQuote.Of("unix://" + socket)} docker {string.Join(' ', words.Select(ShellQuote.Of))}";
}
