namespace Pipeline.Core.Processes;

/// <summary>Stopping a process the way every long-running one of the pipeline is stopped.</summary>
public static class GracefulStop
{
    /// <summary>SIGTERM, SIGKILL after <paramref name="grace"/>; throws when the process survives SIGKILL for 10 s.</summary>
    public static void StopGracefully(this IProcessLauncher launcher, int pid, TimeSpan grace)
    {
        launcher.Signal(pid, UnixSignal.Terminate);
        var deadline = DateTime.UtcNow + grace;
        while (launcher.IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        if (launcher.IsAlive(pid))
        {
            launcher.Signal(pid, UnixSignal.Kill);
            var killDeadline = DateTime.UtcNow.AddSeconds(10);
            while (launcher.IsAlive(pid))
            {
                if (DateTime.UtcNow > killDeadline)
                {
                    throw new InvalidOperationException($"process {pid} survived SIGKILL for 10 s (stuck in the kernel?).");
                }

                Thread.Sleep(20);
            }
        }
    }
}
