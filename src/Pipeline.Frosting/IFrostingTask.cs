using Cake.Core;

namespace Cake.Frosting;

/// <summary>A task of the graph.</summary>
public interface IFrostingTask
{
    /// <summary>The message Cake shows when <see cref="ShouldRun"/> says no; empty by default.</summary>
    string SkippedMessage => string.Empty;

    /// <summary>The body of the task.</summary>
    Task RunAsync(ICakeContext context);

    /// <summary>Whether the task runs in this run.</summary>
    bool ShouldRun(ICakeContext context);

    /// <summary>Handles a failure of the body; rethrow to fail the run.</summary>
    void OnError(Exception exception, ICakeContext context);

    /// <summary>Runs after the body and any error handler.</summary>
    void Finally(ICakeContext context);
}
