using System.Runtime.InteropServices;

namespace Pipeline.Build.Infrastructure;

/// <summary>
/// Once armed (by a deploy), turns SIGTERM and SIGINT (Ctrl+C) into a request to stop: the run finishes the step in
/// progress, undoes what it must, releases the lock and sends the failure notice, instead of dying between a switch and
/// a restart. Unarmed, the signals stop the process as usual.
/// </summary>
public sealed class SignalWatch : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<PosixSignalRegistration> registrations = [];
    private volatile bool armed;

    public SignalWatch()
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (!armed)
                {
                    return;
                }

                Received ??= context.Signal.ToString();
                context.Cancel = true;
                stop.Cancel();
            }));
        }
    }

    /// <summary>From now on a signal asks the run to stop between steps rather than ending the process.</summary>
    public CancellationToken Arm()
    {
        armed = true;
        return stop.Token;
    }

    /// <summary>Cancelled once a signal arrived while armed.</summary>
    public CancellationToken Token => stop.Token;

    /// <summary>The first signal received, or null.</summary>
    public string? Received { get; private set; }

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        stop.Dispose();
    }
}
