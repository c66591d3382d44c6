namespace Pipeline.Core.Deployment;

/// <summary>The run was asked to stop (SIGTERM, Ctrl+C) between two steps; what was done is undone as after any failure.</summary>
public sealed class RunInterruptedException()
    : Exception("the run was interrupted (SIGTERM or Ctrl+C); the step in progress was finished and nothing further was started");
