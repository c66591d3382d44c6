using System.Text.Json;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.FrontDoor;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Asks a front door to serve a release and waits for its answer, through its files only: desired.json written whole,
/// state.json read back. The same on this machine and on a host over SFTP; <see cref="IFrontDoorChannel"/> is the
/// difference.
/// </summary>
public sealed class FrontDoorRequest(FrontDoorFiles files, IFrontDoorChannel channel)
{
    /// <summary>
    /// Has the front door start <paramref name="release"/>, check it and move traffic to it; prints the front door's
    /// steps. Throws when the new instance was not healthy (the one that served before still does), when the front
    /// door stopped, or when it did not answer in time.
    /// </summary>
    public void Switch(string release, AppDefinition app, IReadOnlyDictionary<string, string> environment, HealthCheckSettings health, Action<string> step) =>
        Switch(AppInstance(release, app, environment), health, step);

    /// <summary>The app process of <paramref name="release"/> (dotnet and its entry assembly) on the port the front door picks, with <paramref name="environment"/>.</summary>
    public static DesiredInstance AppInstance(string release, AppDefinition app, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new DesiredInstance
        {
            Serial = 0,
            Version = Path.GetFileName(release),
            Release = release,
            Program = "dotnet",
            Arguments = [Path.Combine(release, app.EntryAssembly), "--urls", $"http://127.0.0.1:{FrontDoorFiles.PortPlaceholder}"],
            Environment = environment,
            EntryAssembly = app.EntryAssembly,
        };
    }

    /// <summary>
    /// Has the front door start <paramref name="instance"/> (its serial is set here), check it with
    /// <paramref name="health"/> and move traffic to it; prints the front door's steps. Throws as the overload above.
    /// </summary>
    public void Switch(DesiredInstance instance, HealthCheckSettings health, Action<string> step)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(health);
        var serial = Math.Max(Read<DesiredInstance>(files.Desired)?.Serial ?? 0, Read<FrontDoorState>(files.State)?.AppliedSerial ?? 0) + 1;
        var desired = instance with
        {
            Serial = serial,
            HealthPath = health.Path,
            HealthRetries = health.Retries,
            HealthIntervalSeconds = health.IntervalSeconds,
            HealthTimeoutSeconds = health.TimeoutSeconds,
        };
        channel.WriteOwnerOnly(files.Desired, JsonSerializer.Serialize(desired, FrontDoorFiles.Json));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(health.TimeoutSeconds + desired.DrainSeconds + desired.StopGraceSeconds + 30);
        var nextLivenessCheck = DateTime.UtcNow + channel.LivenessInterval;
        FrontDoorState? state;
        while ((state = Read<FrontDoorState>(files.State)) is null || state.AppliedSerial < serial)
        {
            if (DateTime.UtcNow >= nextLivenessCheck)
            {
                if (channel.FrontDoorStopped() is { } why)
                {
                    throw new InvalidOperationException($"the front door stopped before it switched to {desired.Version} ({why}); see {files.Log}");
                }

                nextLivenessCheck = DateTime.UtcNow + channel.LivenessInterval;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the front door did not switch to {desired.Version} in time; see {files.Log}");
            }

            Thread.Sleep(channel.PollInterval);
        }

        foreach (var line in state.Steps)
        {
            step(line);
        }

        if (state.Failure is not null)
        {
            throw new InvalidOperationException(state.Failure);
        }
    }

    /// <summary>The environment an instance gets: <paramref name="essentials"/> (PATH, HOME, DOTNET_ROOT where it runs), the app's own variables and its secrets; nothing else.</summary>
    public static IReadOnlyDictionary<string, string> Environment(IReadOnlyDictionary<string, string> essentials, AppDefinition app, string dataDirectory, IReadOnlyDictionary<string, string> secrets)
    {
        var environment = new Dictionary<string, string>(essentials, StringComparer.Ordinal);
        foreach (var (name, value) in app.Environment(dataDirectory).Concat(secrets))
        {
            environment[name] = value;
        }

        return environment;
    }

    private T? Read<T>(string path)
        where T : class
    {
        try
        {
            return channel.ReadText(path) is { } text ? JsonSerializer.Deserialize<T>(text, FrontDoorFiles.Json) : null;
        }
        catch (JsonException)
        {
            // Each file is replaced whole, so this is a file damaged by hand: treated as absent, as the front door does.
            return null;
        }
    }
}
