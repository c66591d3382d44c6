using Pipeline.Core.Configuration;

namespace Pipeline.Core.Deployment;

/// <summary>A front door on this machine: its files read and written directly, its liveness asked of <paramref name="frontDoorStopped"/>.</summary>
public sealed class LocalFrontDoorChannel(Func<string?> frontDoorStopped) : IFrontDoorChannel
{
    private static readonly UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(50);

    public TimeSpan LivenessInterval => TimeSpan.Zero;

    public string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void WriteOwnerOnly(string path, string text) => AtomicFile.WriteAllText(path, text, OwnerOnly);

    public string? FrontDoorStopped() => frontDoorStopped();
}
