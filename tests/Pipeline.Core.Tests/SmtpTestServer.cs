using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Pipeline.Core.Hosting;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Core.Tests;

/// <summary>
/// A real SMTP server on loopback: aiosmtpd (Debian's python3-aiosmtpd) as a child process, whose default
/// handler prints every message it receives to standard output. Disposing kills it.
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    private const string EndOfMessage = "END MESSAGE";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();

    public SmtpTestServer()
    {
        Port = FreePort.Next();
        var start = new ProcessStartInfo(Python, ["-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(errors, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            ServerProcess.WaitUntilListening(process, Port, "aiosmtpd", () => Read(errors), Patience);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Port { get; }

    // Debian installs aiosmtpd for the system interpreter; a pyenv or venv python3 earlier on PATH cannot import it.
    private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Everything the server printed, once it has printed a whole message.</summary>
    public string WaitForMessage()
    {
        var stopAt = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < stopAt)
        {
            var printed = Read(output);
            if (printed.Contains(EndOfMessage, StringComparison.Ordinal))
            {
                return printed;
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException($"The SMTP server printed no whole message. Output:\n{Read(output)}\nErrors:\n{Read(errors)}");
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }

    private static string Read(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
