using System.Globalization;
using System.Text;
using Cake.Core;

namespace Pipeline.Testing;

/// <summary>A console that keeps what was written to standard output and to the error stream apart.</summary>
public sealed class RecordingConsole : IConsole
{
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (error)
            {
                return error.ToString();
            }
        }
    }

    public string All => Output + Error;

    public ConsoleColor ForegroundColor { get; set; }

    public ConsoleColor BackgroundColor { get; set; }

    public bool SupportAnsiEscapeCodes => false;

    public void Write(string format, params object[] arg) => Append(output, format, arg);

    public void Write(string value) => Append(output, "{0}", [value]);

    public void WriteLine(string format, params object[] arg) => Append(output, format + "\n", arg);

    public void WriteLine(string value) => Append(output, "{0}\n", [value]);

    public void WriteError(string format, params object[] arg) => Append(error, format, arg);

    public void WriteError(string value) => Append(error, "{0}", [value]);

    public void WriteErrorLine(string format, params object[] arg) => Append(error, format + "\n", arg);

    public void WriteErrorLine(string value) => Append(error, "{0}\n", [value]);

    public void ResetColor()
    {
    }

    private static void Append(StringBuilder target, string format, object[] args)
    {
        lock (target)
        {
            target.Append(args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args));
        }
    }
}
