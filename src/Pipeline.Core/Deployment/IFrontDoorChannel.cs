namespace Pipeline.Core.Deployment;

/// <summary>How the pipeline reaches a front door's files and tells whether it still runs: directly on this machine, over SSH on a host.</summary>
public interface IFrontDoorChannel
{
    /// <summary>How often the state file is read while a switch is awaited.</summary>
    TimeSpan PollInterval { get; }

    /// <summary>How often, while a switch is awaited, <see cref="FrontDoorStopped"/> is asked.</summary>
    TimeSpan LivenessInterval { get; }

    /// <summary>The text of the file, or null when there is none.</summary>
    string? ReadText(string path);

    /// <summary>Replaces the file whole, readable by its owner only (it holds the app's secrets).</summary>
    void WriteOwnerOnly(string path, string text);

    /// <summary>Null while the front door runs; else why it does not.</summary>
    string? FrontDoorStopped();
}
