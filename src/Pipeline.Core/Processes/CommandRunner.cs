using System.Diagnostics;

namespace Pipeline.Core.Processes;

/// <summary>Runs a program with System.Diagnostics.Process, streaming stdout and stderr, killing the tree on cancel.</summary>
public sealed class CommandRunner : ICommandRunner
{
    public async Task<CommandResult> RunAsync(Command command, Action<string>? onLine = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(command.Program)
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in command.Environment)
        {
            start.Environment[key] = value;
        }

        var output = new List<string>();
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.Add(line);
            }

            onLine?.Invoke(line);
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{command.Program}: could not start ({ex.Message}); is it installed and on PATH?", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CommandResult(process.ExitCode, output);
    }
}
